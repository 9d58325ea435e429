import { existsSync } from "node:fs";
import { basename } from "node:path";
import * as vscode from "vscode";
import type { ResultsMessage } from "../shared/protocol";
import { reportError } from "./errors";
import { getLog } from "./log";
import { readMetricsCsv } from "../core/metrics/readMetricsCsv";
import { ResultsPanel, resultsMessage } from "./resultsPanel";
import type { Services } from "./services";

/**
 * `prompt-bench.openResults`: shows the panel with the given `*.metrics.csv`, else the last run (its metrics
 * re-read from disk), else asks for a metrics CSV. Returns the results shown (tests use it).
 */
export async function openResultsCommand(services: Services, arg?: unknown): Promise<ResultsMessage | undefined> {
  try {
    const row = rowArgs(arg);
    const uri = arg instanceof vscode.Uri ? arg : row?.metricsFile && existsSync(row.metricsFile) ? vscode.Uri.file(row.metricsFile) : undefined;
    const results = await resultsToShow(services, uri);
    if (!results) return undefined;
    const panel = ResultsPanel.createOrShow(services.context.extensionUri, results);
    if (row) panel.focusRow(row.row);
    return results;
  } catch (error) {
    reportError(error, "Opening the results");
    return undefined;
  }
}

/** `{ row, metricsFile? }` from a diagnostic's "Open row in results panel" (see OpenRowArgs in codeActions.ts). */
function rowArgs(arg: unknown): { row: number; metricsFile?: string } | undefined {
  if (typeof arg !== "object" || arg === null || arg instanceof vscode.Uri) return undefined;
  const { row, metricsFile } = arg as { row?: unknown; metricsFile?: unknown };
  if (typeof row !== "number" || !Number.isInteger(row) || row < 0) return undefined;
  return { row, metricsFile: typeof metricsFile === "string" ? metricsFile : undefined };
}

async function resultsToShow(services: Services, uri: vscode.Uri | undefined): Promise<ResultsMessage | undefined> {
  if (uri) return fromMetricsFile(uri.fsPath, services);
  const last = services.lastRun.get();
  if (last && existsSync(last.run.metricsFile)) {
    // Fresher than the stored copy if the CLI re-scored it since.
    return { ...last, metrics: await readMetricsCsv(last.run.metricsFile) };
  }
  if (last) getLog().info(`The last run's metrics file ${last.run.metricsFile} is gone; asking for another.`);
  const file = await pickMetricsFile();
  return file ? fromMetricsFile(file, services) : undefined;
}

/** A metrics CSV on its own: the results CSV beside it is linked; failures are only known for the last run. */
async function fromMetricsFile(metricsFile: string, services: Services): Promise<ResultsMessage> {
  const metrics = await readMetricsCsv(metricsFile);
  const last = services.lastRun.get();
  if (last?.run.metricsFile === metricsFile) return { ...last, metrics };
  const outputFile = metricsFile.replace(/\.metrics\.csv$/i, ".results.csv");
  return resultsMessage({ metricsFile, outputFile: outputFile !== metricsFile && existsSync(outputFile) ? outputFile : undefined }, metrics, undefined);
}

async function pickMetricsFile(): Promise<string | undefined> {
  const found = await vscode.workspace.findFiles("**/*.metrics.csv", "**/node_modules/**", 1000);
  if (found.length === 0) {
    const chosen = await vscode.window.showOpenDialog({
      title: "Prompt Bench: open a metrics CSV",
      canSelectMany: false,
      filters: { "Metrics CSV": ["csv"] },
    });
    return chosen?.[0]?.fsPath;
  }
  const items = found
    .map((u) => u.fsPath)
    .sort()
    .map((file) => ({ label: basename(file), description: vscode.workspace.asRelativePath(file, true), file }));
  const picked = await vscode.window.showQuickPick(items, { title: "Prompt Bench: open a metrics CSV", matchOnDescription: true });
  return picked?.file;
}
