import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { UserError } from "../core/errors/userError";
import { scoreTexts } from "../core/metrics/scoreTexts";
import { TEXT_METRICS } from "../core/metrics/registry";
import { metricsPathFor } from "../core/results/paths";
import { runBenchmark } from "../core/runner/runBenchmark";
import { formatMetricsTable } from "./metricsTable";
import { reportPlots } from "./plots";
import { parseScoreArgs, type ScoreFilesArgs } from "./scoreArgs";

/** `prompt-bench score`: recompute a metrics CSV, or score text files like sacrebleu's CLI. */
export async function scoreCommand(argv: string[]): Promise<number> {
  const args = parseScoreArgs(argv);
  if (args.mode === "files") {
    process.stdout.write(scoreFiles(args));
    return 0;
  }
  const csvFile = resolve(args.csv);
  const summary = await runBenchmark({
    promptFile: "",
    csvFile,
    outputFile: csvFile,
    metricsFile: args.metricsFile ? resolve(args.metricsFile) : metricsPathFor(csvFile),
    models: [],
    maxNewTokens: 0,
    constrained: false,
    skipInference: true,
    targets: args.targets,
    bertScoreModel: args.bertScoreModel,
    escapeFormulas: args.escapeFormulas,
    confidenceIntervals: args.confidenceIntervals,
  });
  process.stdout.write(formatMetricsTable(summary.metrics) + "\n\n");
  for (const note of summary.notes) process.stdout.write(`note: ${note}\n`);
  process.stdout.write(`metrics: ${summary.metricsFile}\n`);
  if (args.plotsDir) await reportPlots(args.plotsDir, summary);
  return 0;
}

function scoreFiles(args: ScoreFilesArgs): string {
  const hyps = readLines(args.hyp);
  const refs = args.refs.map(readLines);
  args.refs.forEach((file, k) => {
    if (refs[k]?.length !== hyps.length) {
      throw new UserError(`${file} has ${refs[k]?.length} lines but ${args.hyp} has ${hyps.length}: give one reference line per hypothesis line.`, file);
    }
  });
  if (hyps.length === 0) throw new UserError(`${args.hyp} is empty: nothing to score.`, args.hyp);
  let results;
  try {
    results = scoreTexts(hyps, refs, args.metrics, args.options, args.perSegment);
  } catch (error) {
    // The metric code rejects input the reference tools reject too (e.g. jiwer and an empty reference line).
    throw new UserError(`Cannot score ${args.hyp}: ${(error as Error).message}`, args.hyp);
  }
  if (args.json) return JSON.stringify(results, null, 2) + "\n";
  return (
    args.metrics
      .map((id) => {
        const r = results[id];
        const scale = TEXT_METRICS[id].scale === "0-100" ? 2 : 4;
        return `${id.padEnd(12)} ${r ? r.score.toFixed(scale) : "—"}${r?.signature ? `  ${r.signature}` : ""}`;
      })
      .join("\n") + "\n"
  );
}

/** One segment per line; a final newline does not make an extra empty segment. */
function readLines(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UserError(`Cannot read ${file}: ${(error as Error).message}`, file);
  }
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
}
