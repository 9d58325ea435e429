import { dirname, resolve } from "node:path";
import { defaultHistoryFile } from "../core/history/historyPath";
import { recordRun } from "../core/history/recordRun";
import { newRunId } from "../core/history/runId";
import type { RunParams, RunStatus } from "../core/history/runRecord";
import { runVersions } from "../core/history/versions";
import { wroteResultsSince } from "../core/history/wroteResults";
import type { ModelSpec } from "../core/registry/modelSpec";
import type { MetricsRow } from "../core/runner/options";
import { SqliteHistory } from "../storage/sqlite/sqliteHistory";
import type { RunArgs } from "./args";

export interface CliRunEnd {
  startedAt: Date;
  status: RunStatus;
  error?: unknown;
  paths: { csvFile: string; promptFile: string; outputFile: string; metricsFile: string };
  models: readonly ModelSpec[];
  metrics: readonly MetricsRow[];
  /** The run id to record under (default: a new one); `rerun` names its results after it. */
  id?: string;
  rerunOf?: string;
}

/** The history file of a `run`: --history FILE, else `.prompt-bench/history.sqlite` in the results file's folder. */
export function historyFileOf(args: Pick<RunArgs, "history">, outputFile: string): string {
  return args.history ? resolve(args.history) : defaultHistoryFile(dirname(outputFile));
}

/**
 * Records a `run` in the history once it ended (the run's exit status does not depend on it). A failed run is
 * recorded only when it wrote its results file, so a run refused before it started leaves no trace.
 * Returns the line to print: where it was recorded, or why it was not.
 */
export async function recordCliRun(args: RunArgs, end: CliRunEnd): Promise<{ line: string; warn: boolean } | undefined> {
  if (args.noHistory) return undefined;
  if (end.status === "failed" && !wroteResultsSince(end.paths.outputFile, end.startedAt)) return undefined;
  const file = historyFileOf(args, end.paths.outputFile);
  const id = end.id ?? newRunId(end.startedAt);
  const result = await recordRun(new SqliteHistory(file), {
    id,
    startedAt: end.startedAt,
    endedAt: new Date(),
    status: end.status,
    ...(end.rerunOf !== undefined && { rerunOf: end.rerunOf }),
    ...(end.error !== undefined && { error: end.error instanceof Error ? end.error.message : String(end.error) }),
    promptFile: end.paths.promptFile || undefined,
    csvFile: end.paths.csvFile,
    outputFile: end.paths.outputFile,
    metricsFile: args.skipMetrics ? undefined : end.paths.metricsFile,
    metrics: end.metrics,
    models: end.models,
    params: paramsOf(args),
    versions: runVersions(),
  });
  if ("warning" in result) return { line: `warning: ${result.warning}\n`, warn: true };
  return { line: `history: run ${result.id} in ${file}\n`, warn: false };
}

function paramsOf(args: RunArgs): RunParams {
  return {
    maxNewTokens: args.maxNewTokens,
    maxReasoningTokens: args.maxReasoningTokens,
    constrained: args.constrained,
    temperature: args.sampling?.temperature ?? 0,
    seed: args.sampling?.seed ?? 1,
    ...(args.sampling?.topP !== undefined && { topP: args.sampling.topP }),
    ...(args.sampling?.topK !== undefined && { topK: args.sampling.topK }),
    ...(args.repeat > 1 && { repeat: args.repeat }),
    ...(args.ensemble !== undefined && { ensemble: args.ensemble }),
    threads: args.threads,
    parallel: args.parallel,
    gpu: args.gpu,
    gpuDevices: args.gpuDevices,
    vramCapBytes: args.vramCapBytes,
    ramCapBytes: args.ramCapBytes,
    skipInference: args.skipInference,
    skipMetrics: args.skipMetrics,
    escapeFormulas: args.escapeFormulas,
    ...(!args.confidenceIntervals && { confidenceIntervals: false }),
    rougeTokenizer: args.rougeTokenizer,
    bertScoreModel: args.bertScoreModel,
    runBy: "cli",
    command: process.argv.slice(2).join(" "),
  };
}
