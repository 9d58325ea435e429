import { basename, dirname, join } from "node:path";
import * as vscode from "vscode";
import { UserError } from "../core/errors/userError";
import { writePlots, type PlotsResult } from "../core/plots/writePlots";
import type { MetricsRow } from "../core/runner/options";
import { getLog } from "./log";
import { ResultsPanel } from "./resultsPanel";
import type { Services } from "./services";

/**
 * `prompt-bench.exportPlots`: writes the shown run's report.html and the seed's PNGs into a folder — `dir` when
 * given (tests, scripts), else one the user picks (default: `plots/` beside the metrics CSV).
 */
export async function exportPlotsCommand(services: Services, options?: { dir?: string }): Promise<PlotsResult | undefined> {
  const results = ResultsPanel.currentPanel?.shownResults ?? services.lastRun.get();
  if (!results || results.metrics.length === 0) {
    throw new UserError("No results to plot yet: run a benchmark, or open a *.metrics.csv in the results panel.");
  }
  const metricsFile = results.run.metricsFile;
  let dir = options?.dir;
  if (!dir) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      defaultUri: vscode.Uri.file(join(dirname(metricsFile), "plots")),
      openLabel: "Export plots here",
    });
    if (!picked?.[0]) return undefined;
    dir = picked[0].fsPath;
  }
  const target = dir;
  // The panel's messages carry empty cells as null (JSON); the figures expect undefined.
  const metrics = results.metrics.map(
    (m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v ?? undefined])) as unknown as MetricsRow,
  );
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: "Prompt Bench: exporting plots" },
    () => writePlots(target, metrics, `Prompt Bench — ${basename(metricsFile)}`, results.notes ?? []),
  );
  const log = getLog();
  log.info(`Plots: ${result.reportFile}${result.pngFiles.length ? ` and ${result.pngFiles.length} PNG files` : ""} in ${target}`);
  if (result.skipped) {
    log.warn(`PNG plots skipped: ${result.skipped}`);
    void vscode.window.showWarningMessage(`PNG plots skipped: ${result.skipped}. report.html was written to ${target}.`);
  } else {
    void vscode.window.showInformationMessage(`Exported ${result.pngFiles.length} plots and report.html to ${target}.`);
  }
  return result;
}
