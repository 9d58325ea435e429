import { isAbsolute, resolve } from "node:path";
import * as vscode from "vscode";
import { defaultHistoryFile } from "../core/history/historyPath";
import { recordRun } from "../core/history/recordRun";
import { newRunId } from "../core/history/runId";
import type { RunStatus } from "../core/history/runRecord";
import { runVersions } from "../core/history/versions";
import { wroteResultsSince } from "../core/history/wroteResults";
import type { ModelSpec } from "../core/registry/modelSpec";
import type { MetricsRow } from "../core/runner/options";
import { SqliteHistory } from "../storage/sqlite/sqliteHistory";
import type { Settings } from "./config";
import { getLog } from "./log";

const recorded = new vscode.EventEmitter<string>();
/** Fires with the run id after a VS Code run is recorded (the "Compare with last run" lens appears then). */
export const onDidRecordRun = recorded.event;

/** The history file of a VS Code run: promptBench.historyFile (relative to the workspace folder), else the default there; undefined when "off". */
export function historyFileFor(settings: Pick<Settings, "historyFile">, workspaceFolder: string): string | undefined {
  const setting = settings.historyFile;
  if (setting === "off") return undefined;
  if (setting === "") return defaultHistoryFile(workspaceFolder);
  return isAbsolute(setting) ? setting : resolve(workspaceFolder, setting);
}

/** Records a VS Code run in the history (see recordRun); a failure to record is a warning in the log. Returns the run's id when recorded. */
export async function recordExtensionRun(
  settings: Settings,
  workspaceFolder: string,
  end: { startedAt: Date; status: RunStatus; error?: unknown; run: { promptFile: string; csvFile: string; outputFile: string; metricsFile: string }; models: readonly ModelSpec[]; metrics: readonly MetricsRow[] },
): Promise<string | undefined> {
  const file = historyFileFor(settings, workspaceFolder);
  if (!file) return undefined;
  if (end.status === "failed" && !wroteResultsSince(end.run.outputFile, end.startedAt)) return undefined;
  const result = await recordRun(new SqliteHistory(file), {
    id: newRunId(end.startedAt),
    startedAt: end.startedAt,
    endedAt: new Date(),
    status: end.status,
    ...(end.error !== undefined && { error: end.error instanceof Error ? end.error.message : String(end.error) }),
    ...end.run,
    metrics: end.metrics,
    models: end.models,
    params: {
      maxNewTokens: settings.maxNewTokens,
      maxReasoningTokens: settings.maxReasoningTokens,
      constrained: settings.constrainedDecoding,
      temperature: settings.sampling?.temperature ?? 0,
      seed: settings.sampling?.seed ?? 1,
      ...(settings.sampling?.topP !== undefined && { topP: settings.sampling.topP }),
      ...(settings.sampling?.topK !== undefined && { topK: settings.sampling.topK }),
      ...(settings.repeat > 1 && { repeat: settings.repeat }),
      ...(settings.ensemble !== undefined && { ensemble: settings.ensemble }),
      threads: settings.threads,
      parallel: settings.parallelRows,
      gpu: settings.gpu === "off" ? false : "auto",
      gpuDevices: settings.gpuDevices,
      escapeFormulas: settings.escapeFormulas,
      ...(!settings.confidenceIntervals && { confidenceIntervals: false }),
      rougeTokenizer: settings.rougeTokenizer,
      bertScoreModel: settings.bertScoreModel,
      runBy: "vscode",
    },
    versions: runVersions(),
  });
  if ("warning" in result) {
    getLog().warn(`History: ${result.warning}`);
    return undefined;
  }
  getLog().info(`History: run ${result.id} recorded in ${file}`);
  recorded.fire(result.id);
  return result.id;
}
