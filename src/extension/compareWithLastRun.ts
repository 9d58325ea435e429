import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import * as vscode from "vscode";
import { freshOutputPaths } from "../core/ab/freshOutputPaths";
import { modelTokens } from "../core/ab/modelTokens";
import { previousRunOf } from "../core/ab/previousRun";
import { UserError } from "../core/errors/userError";
import { modelCatalog } from "../core/registry/select";
import { parseUserEntries } from "../core/registry/userEntries";
import { sha256 } from "../core/results/runMeta";
import { SqliteHistory } from "../storage/sqlite/sqliteHistory";
import { benchmarkPromptCommand } from "./benchmarkCommand";
import { openComparison, type CompareRunsArgs } from "./compareRunsCall";
import { readSettings } from "./config";
import { reportError } from "./errors";
import { historyFileFor } from "./historyRecording";
import { getLog } from "./log";
import { settingsFromParams } from "./recordedSettings";
import type { Services } from "./services";

export interface CompareWithLastRunOptions {
  /** No notifications; errors are thrown to the caller. */
  silent?: boolean;
}

/** What the command did: the two runs, whether the prompt was unchanged, and what the comparison returned. */
export interface CompareWithLastRunResult {
  previousRunId: string;
  newRunId?: string;
  promptUnchanged: boolean;
  cancelled: boolean;
  compareArgs?: CompareRunsArgs;
  comparison?: unknown;
}

/**
 * `prompt-bench.compareWithLastRun`: runs the prompt file's current text on the dataset and models of its newest
 * recorded run, with that run's parameters, into fresh results files, then opens the comparison of that run (A)
 * with the new one (B). An unchanged prompt still runs (the comparison then shows run-to-run noise), with a note.
 */
export async function compareWithLastRunCommand(services: Services, uri?: unknown, options?: CompareWithLastRunOptions): Promise<CompareWithLastRunResult | undefined> {
  const silent = options?.silent === true;
  try {
    return await compareWithLastRun(services, uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri, silent);
  } catch (error) {
    if (silent) throw error;
    reportError(error, "Compare with last run");
    return undefined;
  }
}

async function compareWithLastRun(services: Services, uri: vscode.Uri | undefined, silent: boolean): Promise<CompareWithLastRunResult | undefined> {
  const log = getLog();
  if (!uri || uri.scheme !== "file") throw new UserError("Open a saved prompt file first, then run Compare with last run on it.");
  const promptFile = uri.fsPath;
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (document?.isDirty) await document.save();
  const settings = readSettings(uri);
  const cwd = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? dirname(promptFile);
  const historyFile = historyFileFor(settings, cwd);
  if (!historyFile) throw new UserError("The run history is off (setting promptBench.historyFile is \"off\"), so there is no last run to compare with. Clear the setting to record runs.");
  const history = new SqliteHistory(historyFile);
  const previous = existsSync(historyFile) ? previousRunOf(await history.list(), promptFile) : undefined;
  if (!previous) {
    throw new UserError(`${basename(promptFile)} has no earlier run in the history ${historyFile}. Benchmark it once (▶ Benchmark this prompt), edit it, then compare.`, promptFile);
  }
  const record = await history.get(previous.id);
  if (!record) throw new UserError(`Run ${previous.id} vanished from the history ${historyFile} while reading it. Try again.`, historyFile);
  const csvFile = record.dataset.file;
  if (!existsSync(csvFile)) {
    throw new UserError(`The dataset of run ${record.id}, ${csvFile}, no longer exists. Put it back, or benchmark the prompt on another CSV.`, csvFile);
  }
  const catalog = modelCatalog(parseUserEntries(settings.models, "Setting promptBench.models", cwd));
  const { tokens, missing } = modelTokens(record.models, new Set(catalog.map((m) => m.name)));
  if (missing.length > 0) {
    throw new UserError(`Run ${record.id} used model${missing.length > 1 ? "s" : ""} ${missing.join(", ")}, which promptBench.models no longer lists. Add the entries back to compare.`);
  }
  const promptUnchanged = sha256(await readFile(promptFile, "utf8")) === record.prompt.sha256;
  if (promptUnchanged) {
    const note = `${basename(promptFile)} is unchanged since run ${record.id}: running it again shows run-to-run noise.`;
    log.info(note);
    if (!silent) void vscode.window.showInformationMessage(note);
  }
  log.info(`Compare with last run: ${record.id} (A) against the current ${basename(promptFile)} (B) on ${csvFile}, models ${tokens.join(", ")}`);
  const summary = await benchmarkPromptCommand(services, uri, {
    csvFile,
    models: tokens,
    silent,
    output: freshOutputPaths(csvFile, promptFile, new Date()),
    settings: settingsFromParams(record.params),
  });
  if (!summary) return undefined; // not started, or failed and already reported
  const result: CompareWithLastRunResult = { previousRunId: record.id, newRunId: summary.runId, promptUnchanged, cancelled: summary.cancelled };
  if (summary.cancelled) return result; // the finished rows are recorded; the user stopped, so no comparison opens
  if (!summary.runId) throw new UserError(`The new run was not recorded in the history ${historyFile} (the log says why), so it cannot be compared.`, historyFile);
  result.compareArgs = { historyFile, a: record.id, b: summary.runId };
  result.comparison = await openComparison(result.compareArgs, silent);
  return result;
}
