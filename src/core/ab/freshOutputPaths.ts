import { existsSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { promptName } from "../results/paths";

/**
 * Results and metrics files of an A/B or variants run, beside the CSV and never an existing one:
 * `<csv>.<stamp>.<prompt>.results.csv`. A fresh file because the default one holds the previous run (a changed
 * prompt may not resume it, an unchanged one would only re-score it); the prompt's name stays last so the
 * "last run" CodeLens and the diagnostics still find the file and its input CSV.
 */
export function freshOutputPaths(csvFile: string, promptFile: string, startedAt: Date, exists: (file: string) => boolean = existsSync): { outputFile: string; metricsFile: string } {
  const stem = basename(csvFile, extname(csvFile));
  const stamp = startedAt.toISOString().replace(/[-:.]/g, "");
  for (let k = 1; ; k++) {
    const base = join(dirname(csvFile), `${stem}.${stamp}${k === 1 ? "" : `-${k}`}.${promptName(promptFile)}`);
    const paths = { outputFile: `${base}.results.csv`, metricsFile: `${base}.metrics.csv` };
    if (!exists(paths.outputFile) && !exists(paths.metricsFile)) return paths;
  }
}
