import { existsSync } from "node:fs";
import { basename } from "node:path";
import * as vscode from "vscode";
import type { ResultsLockedError } from "../core/errors/resultsLockedError";
import { readMetricsCsv } from "../core/metrics/readMetricsCsv";
import { metricsPathFor } from "../core/results/paths";
import { CommandIds } from "./commandIds";
import { reportError } from "./errors";
import { logError } from "./log";
import { ResultsPanel, resultsMessage } from "./resultsPanel";

export const OPEN_RUNNING_RESULTS = "Open running results";

/**
 * A run refused because another run (another window, a CLI) holds the results lock: says which, and offers to
 * show what that run has saved so far in the results panel.
 */
export function reportLocked(extensionUri: vscode.Uri, error: ResultsLockedError): void {
  logError(error, "Benchmark");
  const showLog = "Show log";
  void vscode.window.showErrorMessage(error.message, OPEN_RUNNING_RESULTS, showLog).then((choice) => {
    if (choice === OPEN_RUNNING_RESULTS) void openRunningResults(extensionUri, error.resultsFile);
    if (choice === showLog) void vscode.commands.executeCommand(CommandIds.showLog);
  });
}

/** The panel on a results CSV another run is writing: its saved rows, and the metrics of its last finished run. */
export async function openRunningResults(extensionUri: vscode.Uri, resultsFile: string): Promise<void> {
  try {
    if (!existsSync(resultsFile)) {
      void vscode.window.showInformationMessage(`The other run has not saved any rows to ${basename(resultsFile)} yet; try again in a while.`);
      return;
    }
    const metricsFile = metricsPathFor(resultsFile);
    const metrics = existsSync(metricsFile) ? await readMetricsCsv(metricsFile) : [];
    ResultsPanel.createOrShow(extensionUri, resultsMessage({ outputFile: resultsFile, metricsFile }, metrics, undefined));
  } catch (error) {
    reportError(error, "Opening the running results");
  }
}
