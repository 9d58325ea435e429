import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { HistoryError } from "../core/errors/historyError";
import { defaultHistoryFile } from "../core/history/historyPath";
import type { RunListing } from "../core/history/runSummaryLine";
import { SqliteHistory } from "../storage/sqlite/sqliteHistory";
import { resolveRunId } from "../core/history/resolveRunId";
import { parseFlags, positiveInt } from "./flags";
import { historyPlotsCommand } from "./historyPlots";
import { formatMetricsTable } from "./metricsTable";
import { UsageError } from "./usageError";

/** `prompt-bench history [show RUN] [--json] [--history FILE] [--limit N]`: returns the exit status. */
export async function historyCommand(argv: string[]): Promise<number> {
  if (argv[0] === "plots") return historyPlotsCommand(argv.slice(1));
  const show = argv[0] === "show";
  const rest = show ? argv.slice(1) : argv;
  const runArg = show && rest[0] !== undefined && !rest[0].startsWith("-") ? rest[0] : undefined;
  const values = parseFlags(runArg === undefined ? rest : rest.slice(1), {
    json: { type: "boolean", default: false },
    history: { type: "string" },
    limit: { type: "string" },
  });
  if (show && runArg === undefined) throw new UsageError("history show needs a run: an id (or its start), or latest");
  const file = values.history ? resolve(values.history) : defaultHistoryFile(process.cwd());
  const json = values.json ?? false;
  if (!existsSync(file)) {
    if (show || values.history) throw new HistoryError(`There is no history database at ${file}. Runs are recorded beside their results (.prompt-bench/history.sqlite); pass that file with --history FILE.`, file);
    process.stdout.write(json ? "[]\n" : `no runs recorded yet (${file} does not exist)\n`);
    return 0;
  }
  const store = new SqliteHistory(file);
  if (runArg !== undefined) {
    const id = await resolveRun(store, runArg, file);
    const run = await store.get(id);
    if (!run) throw new HistoryError(`${file} has no run ${id}.`, file);
    if (json) {
      process.stdout.write(JSON.stringify(run, null, 2) + "\n");
    } else {
      const models = run.models.map((m) => `  ${m.name}: ${m.file ?? m.uri ?? `${m.endpointModel} @ ${m.endpoint}`}${m.fileSha256 ? ` (sha256 ${m.fileSha256.slice(0, 12)}…)` : ""}`);
      process.stdout.write(
        [`run ${run.id} (${run.status}${run.error ? `: ${run.error}` : ""})`, `started ${run.startedAt}, ended ${run.endedAt}`,
          `prompt: ${run.prompt.file ?? "(none)"} (sha256 ${run.prompt.sha256.slice(0, 12)}…)`, `dataset: ${run.dataset.file} (${run.dataset.rows} rows, sha256 ${run.dataset.sha256.slice(0, 12)}…)`,
          `results: ${run.resultsFile}`, "models:", ...models, "", formatMetricsTable(run.metrics), `${run.rows.length} predictions recorded`, ""].join("\n"),
      );
    }
    return 0;
  }
  const limit = values.limit === undefined ? undefined : positiveInt("--limit", values.limit);
  const runs = await store.list({ limit });
  process.stdout.write(json ? JSON.stringify(runs, null, 2) + "\n" : formatListing(runs, file));
  return 0;
}

/** A run named by id, a unique start of one, or `latest` (history show, rerun). */
/** A run named by `latest`, a tag, or an id or its unique start (as `compare` and `tag` name runs). */
export async function resolveRun(store: SqliteHistory, arg: string, file: string): Promise<string> {
  return (await resolveRunId(store, arg, file)).id;
}

function formatListing(runs: readonly RunListing[], file: string): string {
  if (runs.length === 0) return `no runs recorded in ${file}\n`;
  const pct = (v: number | undefined) => (v === undefined ? "—" : `${(v * 100).toFixed(1)}%`);
  const num = (v: number | undefined) => (v === undefined ? "—" : v.toFixed(1));
  const lines: string[] = [];
  for (const run of runs) {
    const prompt = run.promptFile ? `${run.promptFile} "${clip(run.promptFirstLine, 50)}"` : "(re-scored)";
    lines.push(`${run.id}  ${run.startedAt.replace("T", " ").slice(0, 19)}  ${run.status}  rows ${run.rows}`);
    lines.push(`  prompt: ${prompt}`, `  dataset: ${run.datasetFile}`);
    for (const m of run.models) lines.push(`  ${m.model}: chrF++ ${num(m.chrf)}  EM ${num(m.exactMatch)}  valid ${pct(m.validRate)}  (${m.rowsDone} rows done)`);
  }
  return lines.join("\n") + "\n";
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
