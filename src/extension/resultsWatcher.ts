import * as vscode from "vscode";
import { inputCsvFor, type RunDiagnostics } from "./diagnostics";
import { getLog } from "./log";

export const RESULTS_GLOB = "**/*.results.csv";

/**
 * Watches the workspace's `*.results.csv` files: when one is created, changed (a run saving rows, the CLI, a
 * hand edit) or deleted, the input CSV's diagnostics are re-read from it, and `onDidChange` fires (the CodeLens
 * summary listens; it also fires for `*.metrics.csv` changes). Existing results files are read once at start,
 * so diagnostics survive a window reload.
 */
export class ResultsWatcher implements vscode.Disposable {
  /** The watcher of the active extension (the run command refreshes through it after a run). */
  static current: ResultsWatcher | undefined;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Results files read so far (including runs outside the workspace, refreshed after the run). */
  readonly known = new Set<string>();

  constructor(
    private readonly diagnostics: RunDiagnostics,
    private readonly delayMs = 150,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(RESULTS_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.schedule(uri)),
      watcher.onDidChange((uri) => this.schedule(uri)),
      watcher.onDidDelete((uri) => {
        this.diagnostics.clearResults(uri.fsPath);
        this.known.delete(uri.fsPath);
        this.changed.fire(uri);
      }),
    );
    // A metrics file (re)written after its results (the CLI's order) changes the CodeLens summary.
    const metricsWatcher = vscode.workspace.createFileSystemWatcher("**/*.metrics.csv");
    const metricsChanged = (uri: vscode.Uri) => this.changed.fire(uri);
    this.disposables.push(
      metricsWatcher,
      metricsWatcher.onDidCreate(metricsChanged),
      metricsWatcher.onDidChange(metricsChanged),
      metricsWatcher.onDidDelete(metricsChanged),
    );
    // An edited input CSV moves its rows: re-place the diagnostics of every results file read from it.
    this.disposables.push(
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (document.uri.scheme !== "file" || !/\.csv$/i.test(document.uri.fsPath) || /\.results\.csv$/i.test(document.uri.fsPath)) return;
        for (const file of this.known) {
          if (inputCsvFor(file) === document.uri.fsPath) this.schedule(vscode.Uri.file(file));
        }
      }),
    );
    ResultsWatcher.current = this;
    void this.scanWorkspace();
  }

  /** Re-reads one results file now (also used after a run, for results outside the workspace). */
  async refresh(uri: vscode.Uri, inputCsv?: string): Promise<void> {
    this.known.add(uri.fsPath);
    try {
      await this.diagnostics.updateFromResults(uri.fsPath, inputCsv);
    } catch (error) {
      // Half-written by another tool, or a different CSV's rows: keep the last diagnostics.
      getLog().warn(`Could not read ${uri.fsPath} for diagnostics: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.changed.fire(uri);
  }

  dispose(): void {
    if (ResultsWatcher.current === this) ResultsWatcher.current = undefined;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }

  private schedule(uri: vscode.Uri): void {
    const key = uri.toString();
    const previous = this.timers.get(key);
    if (previous) clearTimeout(previous);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.refresh(uri);
      }, this.delayMs),
    );
  }

  private async scanWorkspace(): Promise<void> {
    if (!vscode.workspace.workspaceFolders?.length) return;
    try {
      const found = await vscode.workspace.findFiles(RESULTS_GLOB, "**/node_modules/**", 200);
      for (const uri of found) await this.refresh(uri);
    } catch (error) {
      getLog().warn(`Scanning for results files failed: ${String(error)}`);
    }
  }
}
