import { basename, resolve } from "node:path";
import { writePlots } from "../core/plots/writePlots";
import type { RunSummary } from "../core/runner/options";

/** The CLI's `--plots-dir` step after a run or a rescore: paths on stdout, a skip on stderr (exit status stays 0). */
export async function reportPlots(dir: string, summary: RunSummary): Promise<void> {
  if (summary.metrics.length === 0) {
    process.stderr.write("note: no metrics to plot (--skip-metrics, or no finished rows); --plots-dir wrote nothing\n");
    return;
  }
  const title = `Prompt Bench — ${basename(summary.metricsFile ?? summary.outputFile)}`;
  const result = await writePlots(dir, summary.metrics, title, summary.notes);
  process.stdout.write(`report: ${result.reportFile}\n`);
  if (result.skipped) process.stderr.write(`note: PNG plots skipped: ${result.skipped}; report.html was still written\n`);
  else process.stdout.write(`plots: ${result.pngFiles.length} PNG files in ${resolve(dir)}\n`);
}
