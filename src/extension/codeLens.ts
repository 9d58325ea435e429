import { existsSync, statSync } from "node:fs";
import { basename, dirname } from "node:path";
import * as vscode from "vscode";
import { metricsPathFor, promptName } from "../core/results/paths";
import { formatRunSummary, readRunSummary } from "../core/results/runSummary";
import { CommandIds } from "./commandIds";
import { CONFIG_SECTION, readSettings } from "./config";
import { historyFileFor, onDidRecordRun } from "./historyRecording";
import { getLog } from "./log";
import { PreviousRunLookup } from "./previousRunLookup";
import { isPromptDocument } from "./promptFiles";
import { RESULTS_GLOB, type ResultsWatcher } from "./resultsWatcher";

export const BENCHMARK_LENS_TITLE = "▶ Benchmark this prompt";
export const COMPARE_LENS_TITLE = "⇄ Compare with last run";

/**
 * "▶ Benchmark this prompt" above the first line of every prompt file and, when results exist for the prompt
 * (`*.<prompt>.results.csv`, the newest one), a "last run: …" summary that opens the results panel.
 */
export class BenchmarkCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly watcher?: ResultsWatcher) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(CONFIG_SECTION)) this.changed.fire();
      }),
      // A .txt becomes (or stops being) a prompt file as `{source}` is typed or deleted.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.changed.fire();
      }),
      onDidRecordRun(() => this.changed.fire()),
    );
    if (watcher) {
      this.disposables.push(
        watcher.onDidChange(() => {
          this.found = undefined;
          this.changed.fire();
        }),
      );
    }
  }

  /** The workspace's results files, found once and re-listed when the watcher sees one change. */
  private found: Promise<string[]> | undefined;
  /** Summary titles by results file, valid while the results and metrics files keep their mtimes. */
  private readonly titles = new Map<string, { stamp: string; title: string }>();
  private readonly previousRuns = new PreviousRunLookup();

  private async summaryTitle(resultsFile: string, metricsFile: string): Promise<string> {
    const stamp = [resultsFile, metricsFile].map((f) => (existsSync(f) ? statSync(f).mtimeMs : -1)).join(":");
    const cached = this.titles.get(resultsFile);
    if (cached?.stamp === stamp) return cached.title;
    const title = formatRunSummary(await readRunSummary(resultsFile, metricsFile));
    this.titles.set(resultsFile, { stamp, title });
    return title;
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!isPromptDocument(document)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [
      new vscode.CodeLens(top, {
        title: BENCHMARK_LENS_TITLE,
        tooltip: "Run this prompt over a CSV with local models (Prompt Bench)",
        command: CommandIds.benchmarkPrompt,
        arguments: [document.uri],
      }),
    ];
    if (document.uri.scheme !== "file") return lenses;
    await this.addCompareLens(document, top, lenses);
    try {
      const resultsFile = await this.latestResults(promptName(document.uri.fsPath));
      if (resultsFile) {
        const metricsFile = metricsPathFor(resultsFile);
        lenses.push(
          new vscode.CodeLens(top, {
            title: await this.summaryTitle(resultsFile, metricsFile),
            tooltip: `${basename(resultsFile)}: open the results panel`,
            command: CommandIds.openResults,
            arguments: existsSync(metricsFile) ? [vscode.Uri.file(metricsFile)] : [],
          }),
        );
      }
    } catch (error) {
      getLog().debug(`No run summary for ${document.uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return lenses;
  }

  /** "Compare with last run" when the history has an earlier run of this prompt file. */
  private async addCompareLens(document: vscode.TextDocument, top: vscode.Range, lenses: vscode.CodeLens[]): Promise<void> {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? dirname(document.uri.fsPath);
    const historyFile = historyFileFor(readSettings(document.uri), folder);
    if (!historyFile) return;
    try {
      const previous = await this.previousRuns.previousRun(historyFile, document.uri.fsPath);
      if (!previous) return;
      lenses.push(
        new vscode.CodeLens(top, {
          title: COMPARE_LENS_TITLE,
          tooltip: `Run the current text on the dataset and models of run ${previous.id}, then compare the two`,
          command: CommandIds.compareWithLastRun,
          arguments: [document.uri],
        }),
      );
    } catch (error) {
      getLog().debug(`No history lookup for ${document.uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The most recently written `*.<prompt>.results.csv` in the workspace (or from a run this session). */
  private async latestResults(prompt: string): Promise<string | undefined> {
    const suffix = `.${prompt}.results.csv`.toLowerCase();
    this.found ??= vscode.workspace.workspaceFolders?.length
      ? Promise.resolve(vscode.workspace.findFiles(RESULTS_GLOB, "**/node_modules/**", 500)).then(
          (uris) => uris.map((u) => u.fsPath),
          (error: unknown) => {
            this.found = undefined;
            throw error;
          },
        )
      : Promise.resolve([]);
    const found = await this.found;
    const candidates = new Set([...found, ...(this.watcher?.known ?? [])].filter((f) => basename(f).toLowerCase().endsWith(suffix)));
    let best: { file: string; mtime: number } | undefined;
    for (const file of candidates) {
      if (!existsSync(file)) continue;
      const mtime = statSync(file).mtimeMs;
      if (!best || mtime > best.mtime) best = { file, mtime };
    }
    return best?.file;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

export function registerCodeLens(watcher?: ResultsWatcher): vscode.Disposable {
  const provider = new BenchmarkCodeLensProvider(watcher);
  const registration = vscode.languages.registerCodeLensProvider({ scheme: "file" }, provider);
  return vscode.Disposable.from(registration, provider);
}
