import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { latestMetricsPerModel, comparableRuns } from "../core/ab/scalingAcrossRuns";
import { HistoryError } from "../core/errors/historyError";
import { defaultHistoryFile } from "../core/history/historyPath";
import type { RunRecord } from "../core/history/runRecord";
import { writePlots } from "../core/plots/writePlots";
import { resolveRunId } from "../core/history/resolveRunId";
import { SqliteHistory } from "../storage/sqlite/sqliteHistory";
import { parseFlags } from "./flags";
import { UsageError } from "./usageError";

/**
 * `prompt-bench history plots --plots-dir DIR [--run RUN] [--history FILE]`: the plots (the model-size view among
 * them) over every model benchmarked with the same prompt and dataset as RUN (default: the newest run), each model
 * from its newest run. Returns the exit status.
 */
export async function historyPlotsCommand(argv: string[]): Promise<number> {
  const values = parseFlags(argv, { "plots-dir": { type: "string" }, run: { type: "string" }, history: { type: "string" } });
  const dir = values["plots-dir"];
  if (!dir) throw new UsageError("history plots needs --plots-dir DIR (where report.html and the PNGs go)");
  const file = values.history ? resolve(values.history) : defaultHistoryFile(process.cwd());
  if (!existsSync(file)) throw new HistoryError(`There is no history database at ${file}. Pass the one beside your results with --history FILE.`, file);
  const store = new SqliteHistory(file);
  const listings = await store.list();
  const { id } = await resolveRunId(store, values.run ?? "latest", file);
  const anchor = listings.find((r) => r.id === id)!;
  const records: RunRecord[] = [];
  for (const run of comparableRuns(listings, anchor)) {
    const record = await store.get(run.id);
    if (record) records.push(record);
  }
  const metrics = latestMetricsPerModel(records);
  if (metrics.length === 0) throw new HistoryError(`The runs like ${anchor.id} in ${file} have no metrics to plot (re-scored without metrics, or no finished rows).`, file);
  const result = await writePlots(dir, metrics, `Prompt Bench — ${records.length} run${records.length === 1 ? "" : "s"} of ${anchor.promptFile ?? "the prompt"} on ${anchor.datasetFile}`);
  process.stdout.write(`runs: ${records.map((r) => r.id).join(", ")}\nmodels: ${[...new Set(metrics.map((m) => m.model))].join(", ")}\nreport: ${result.reportFile}\n`);
  if (result.skipped) process.stderr.write(`note: PNG plots skipped: ${result.skipped}; report.html was still written\n`);
  else process.stdout.write(`plots: ${result.pngFiles.length} PNG files in ${resolve(dir)}\n`);
  return 0;
}
