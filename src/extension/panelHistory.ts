import { existsSync } from "node:fs";
import { dirname } from "node:path";
import * as vscode from "vscode";
import type { RunListing } from "../core/history/runSummaryLine";
import { MAX_HISTORY_RUNS, type HistoryMessage, type HistoryRun } from "../shared/historyProtocol";
import type { RunInfo } from "../shared/protocol";
import { SqliteHistory } from "../storage/sqlite/sqliteHistory";
import { readSettings } from "./config";
import { historyFileFor } from "./historyRecording";

// A listing must fit the protocol's run schema (checked at compile time).
const listingFits: (listing: RunListing) => HistoryRun = (listing) => listing;
void listingFits;

/**
 * The history file the panel reads: the one a command named, else promptBench.historyFile for the shown run's
 * workspace folder (the folder of its prompt, else the first one open); undefined when history is off or no folder.
 */
export function panelHistoryFile(run: RunInfo | undefined, named?: string): string | undefined {
  if (named) return named;
  const anchor = run?.promptFile ?? run?.csvFile;
  const uri = anchor ? vscode.Uri.file(anchor) : undefined;
  const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
  const base = folder?.uri.fsPath ?? (anchor ? dirname(anchor) : undefined);
  if (!base) return undefined;
  return historyFileFor(readSettings(uri ?? folder?.uri), base);
}

/** The History tab's runs: newest first, capped at MAX_HISTORY_RUNS; a missing file is an empty history (not created). */
export async function historyMessage(file: string | undefined, run: RunInfo | undefined): Promise<HistoryMessage> {
  const scope = { promptFile: run?.promptFile, datasetFile: run?.csvFile };
  if (!file) return { type: "history", runs: [], total: 0, ...scope };
  if (!existsSync(file)) return { type: "history", file, runs: [], total: 0, ...scope };
  try {
    const all = await new SqliteHistory(file).list();
    return { type: "history", file, runs: all.slice(0, MAX_HISTORY_RUNS), total: all.length, ...scope };
  } catch (error) {
    return { type: "history", file, runs: [], total: 0, ...scope, error: `The run history could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}
