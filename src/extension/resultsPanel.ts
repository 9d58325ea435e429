import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import * as vscode from "vscode";
import { CommandIds } from "./commandIds";
import { streamCsvFile } from "../core/csv/stream";
import { readMetricsCsv } from "../core/metrics/readMetricsCsv";
import { readInputTable } from "../core/results/inputTable";
import { RowsSource } from "../core/results/rowsPage";
import { readRecordedFields, readRecordedModels } from "../core/results/runMeta";
import type { MetricsRow, RowFailure } from "../core/runner/options";
import {
  MAX_PANEL_FAILURES,
  parseFromWebview,
  parseToWebview,
  type DomSummary,
  type FromWebview,
  type RowsPageMessage,
  type RowsPageRequest,
  type PanelMetricsRow,
  type PanelRowFailure,
  type ProgressMessage,
  type ResultsMessage,
  type RunInfo,
  type ToWebview,
} from "../shared/protocol";
import type { Comparison } from "../core/compare/comparison";
import type { CompareMessage } from "../shared/compareProtocol";
import { compareMessage } from "../shared/compareProtocol";
import type { HistoryMessage } from "../shared/historyProtocol";
import type { PanelTab } from "../shared/protocol";
import { getLog, logError } from "./log";
import { historyMessage, panelHistoryFile } from "./panelHistory";

// The core's row types must fit the protocol's schemas (checked at compile time).
const metricsFits: (row: MetricsRow) => PanelMetricsRow = (row) => row;
const failureFits: (failure: RowFailure) => PanelRowFailure = (failure) => failure;
void metricsFits;
void failureFits;

/** Compares two runs of a history file (the compareRuns command's core; set by extension.ts). */
export type RunComparer = (historyFile: string, a: string, b: readonly string[]) => Promise<Comparison[]>;

/** Builds the panel's results message; failures are capped at MAX_PANEL_FAILURES. */
export function resultsMessage(
  run: RunInfo,
  metrics: readonly MetricsRow[],
  failures: readonly RowFailure[] | undefined,
  cancelled = false,
  notes: readonly string[] = [],
  loadSeconds: Record<string, number> = {},
): ResultsMessage {
  return {
    type: "results",
    run,
    metrics: [...metrics],
    failures: (failures ?? []).slice(0, MAX_PANEL_FAILURES),
    failuresTotal: failures?.length ?? 0,
    cancelled,
    failuresUnknown: failures === undefined,
    notes: [...notes],
    loadSeconds: { ...loadSeconds },
  };
}

/** The id of the <style> element plotly.js 4 creates for MapLibre's CSS unless one exists (see html()). */
const PLOTLY_MAPLIBRE_STYLE_ID = "ce8d464691048653ffe3a57c6c18ab566e8366f186677868cf724621a857b4fe";

/** What the webview last reported having rendered (integration tests wait for it). */
export interface RenderedInfo {
  metricsRows: number;
  failures: number;
}

/**
 * The results webview: one panel at a time (revealed when it exists), in the style of the VS Code webview sample.
 * The extension sends `results` and `progress` messages; the webview answers `ready`, `openFile` and `rendered`.
 */
export class ResultsPanel {
  static readonly viewType = "promptBench.results";
  static currentPanel: ResultsPanel | undefined;

  private static readonly renderedEmitter = new vscode.EventEmitter<RenderedInfo>();
  /** Fires whenever a webview has rendered a results message. */
  static readonly onDidRender = ResultsPanel.renderedEmitter.event;

  private readonly disposables: vscode.Disposable[] = [];
  private rowsSource: { key: string; source: Promise<RowsSource> } | undefined;
  private readonly summaryWaiters = new Map<number, (summary: DomSummary) => void>();
  private nextRequestId = 1;
  private readonly queued: ToWebview[] = [];
  private readonly modelProgress = new Map<string, ProgressMessage>();
  private results: ResultsMessage | undefined;
  private comparisons: CompareMessage | undefined;
  /** The history file a command named (compareRuns' historyFile); else the setting's. */
  private namedHistoryFile: string | undefined;
  /** Set by extension.ts: how the History tab's "Compare" computes comparisons. */
  static comparer: RunComparer | undefined;

  /** The results the panel shows now (Export plots uses them). */
  get shownResults(): ResultsMessage | undefined {
    return this.results;
  }
  private progress: ProgressMessage | undefined;
  private ready = false;
  lastRendered: RenderedInfo | undefined;

  /** Shows the panel (creating it if needed) and, when given, its new results. */
  static createOrShow(extensionUri: vscode.Uri, results?: ResultsMessage, preserveFocus = false): ResultsPanel {
    if (ResultsPanel.currentPanel) {
      ResultsPanel.currentPanel.panel.reveal(undefined, preserveFocus);
      if (results) ResultsPanel.currentPanel.showResults(results);
      return ResultsPanel.currentPanel;
    }
    const panel = vscode.window.createWebviewPanel(
      ResultsPanel.viewType,
      "Prompt Bench results",
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      ResultsPanel.webviewOptions(extensionUri),
    );
    ResultsPanel.currentPanel = new ResultsPanel(panel, extensionUri, results);
    return ResultsPanel.currentPanel;
  }

  /**
   * Restores the panel after a window reload: the webview's saved state names the run's files, and the metrics
   * are re-read from them (falling back to what was saved, then to the last run).
   */
  static registerSerializer(extensionUri: vscode.Uri, lastRun: () => ResultsMessage | undefined): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(ResultsPanel.viewType, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        await ResultsPanel.restore(panel, state, extensionUri, lastRun);
      },
    });
  }

  /** Takes over a webview panel VS Code restored, with the state its webview saved (see registerSerializer). */
  static async restore(panel: vscode.WebviewPanel, state: unknown, extensionUri: vscode.Uri, lastRun: () => ResultsMessage | undefined): Promise<ResultsPanel> {
    let results: ResultsMessage | undefined;
    const saved = state && typeof state === "object" && "results" in state ? parseToWebview((state as { results: unknown }).results) : undefined;
    if (saved?.ok && saved.message.type === "results") results = saved.message;
    results ??= lastRun();
    if (results && existsSync(results.run.metricsFile)) {
      try {
        results = { ...results, metrics: await readMetricsCsv(results.run.metricsFile) };
      } catch (error) {
        logError(error, "re-reading the metrics for the restored results panel");
      }
    }
    ResultsPanel.currentPanel?.dispose();
    panel.webview.options = ResultsPanel.webviewOptions(extensionUri);
    ResultsPanel.currentPanel = new ResultsPanel(panel, extensionUri, results);
    getLog().info(`Results panel restored${results ? ` (${results.run.metricsFile})` : ""}.`);
    return ResultsPanel.currentPanel;
  }

  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // Only the extension's own files (its bundle, plotly.min.js beside it, the stylesheet) may be loaded.
      localResourceRoots: [extensionUri],
    };
  }

  /** Sends progress to the panel if it is open (the notification shows it anyway). */
  static postProgress(progress: ProgressMessage): void {
    ResultsPanel.currentPanel?.showProgress(progress);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    results: ResultsMessage | undefined,
  ) {
    this.results = results;
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, "media", "icon.svg");
    this.panel.webview.html = this.html();
    this.panel.onDidDispose(() => this.dispose(), null, this.disposables);
    this.panel.webview.onDidReceiveMessage((data: unknown) => this.receive(data), null, this.disposables);
    // A hidden webview is torn down (no retainContextWhenHidden) and says `ready` again when shown: until then,
    // messages would be lost, so they wait.
    this.panel.onDidChangeViewState(() => {
      if (!this.panel.visible) this.ready = false;
    }, null, this.disposables);
  }

  get visible(): boolean {
    return this.panel.visible;
  }

  showResults(results: ResultsMessage): void {
    this.results = results;
    this.rowsSource = undefined;
    this.lastRendered = undefined;
    this.post(results);
  }

  showProgress(progress: ProgressMessage): void {
    // Each model's latest progress is kept, so a webview that (re)loads mid-run or after it shows every model.
    if (progress.state === "running" && this.progress?.state !== "running") this.modelProgress.clear();
    if (progress.model !== undefined) this.modelProgress.set(progress.model, progress);
    this.progress = progress;
    this.post(progress);
  }

  /** Shows a tab (the showHistory and compareRuns commands); waits for the webview when it is not ready yet. */
  showTab(tab: PanelTab): void {
    this.post({ type: "showTab", tab });
  }

  /** Shows comparisons in the Compare tab (and switches to it). */
  showComparisons(message: CompareMessage, historyFile?: string): void {
    this.comparisons = message;
    if (historyFile) this.namedHistoryFile = historyFile;
    this.post(message);
    this.showTab("compare");
  }

  /** The history file the History tab reads. */
  get historyFile(): string | undefined {
    return panelHistoryFile(this.results?.run, this.namedHistoryFile);
  }

  /** Makes the History tab read this file (a command named it). */
  useHistoryFile(file: string | undefined): void {
    if (file) this.namedHistoryFile = file;
  }

  private async history(): Promise<HistoryMessage> {
    return historyMessage(this.historyFile, this.results?.run);
  }

  private async compareFromWebview(a: string, b: string): Promise<void> {
    const file = this.historyFile;
    const comparer = ResultsPanel.comparer;
    let message: CompareMessage;
    try {
      if (!file || !comparer) throw new Error(file ? "comparing is not available in this build" : "no history file (promptBench.historyFile is \"off\", or no folder is open)");
      message = compareMessage(await comparer(file, a, [b]));
    } catch (error) {
      logError(error, "comparing runs");
      message = compareMessage([], `Runs ${a} and ${b} could not be compared: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.showComparisons(message);
  }

  dispose(): void {
    ResultsPanel.currentPanel = undefined;
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }

  private post(message: ToWebview): void {
    // Before `ready` the script is not listening yet; it gets the latest state when it says `ready`, and
    // requests (DOM summaries) wait for it.
    if (!this.ready) {
      if (message.type === "domSummary" || message.type === "focusRow" || message.type === "showTab") this.queued.push(message);
      return;
    }
    void this.panel.webview.postMessage(message).then(undefined, (error: unknown) => logError(error, "posting to the results panel"));
  }

  private receive(data: unknown): void {
    const parsed = parseFromWebview(data);
    if (!parsed.ok) {
      getLog().warn(`Results panel: dropped a ${parsed.error}`);
      return;
    }
    void this.handle(parsed.message).catch((error: unknown) => logError(error, "results panel"));
  }

  private async handle(message: FromWebview): Promise<void> {
    switch (message.type) {
      case "ready":
        // Sent on first load and whenever the webview is re-created (e.g. after being hidden).
        this.ready = true;
        if (this.results) this.post(this.results);
        if (this.comparisons) this.post(this.comparisons);
        if (this.progress) {
          // Replayed as a run: the webview starts a fresh per-model list on the first "running" message.
          for (const p of this.modelProgress.values()) this.post({ ...p, state: "running" });
          this.post(this.progress);
        }
        for (const queued of this.queued.splice(0)) this.post(queued);
        return;
      case "openFile":
        await this.openFile(message.path, message.line);
        return;
      case "exportPlots":
        await vscode.commands.executeCommand(CommandIds.exportPlots);
        return;
      case "rendered":
        this.lastRendered = { metricsRows: message.metricsRows, failures: message.failures };
        ResultsPanel.renderedEmitter.fire(this.lastRendered);
        return;
      case "rowsPage":
        this.post(await this.rowsPage(message));
        return;
      case "revealRow":
        await this.revealRow(message.index);
        return;
      case "requestHistory":
        this.post(await this.history());
        return;
      case "compareRuns":
        await this.compareFromWebview(message.a, message.b);
        return;
      case "domSummary": {
        const waiter = this.summaryWaiters.get(message.requestId);
        this.summaryWaiters.delete(message.requestId);
        waiter?.(message);
        return;
      }
    }
  }

  /** Shows a data row (0-based) in the Rows tab. */
  focusRow(index: number): void {
    this.post({ type: "focusRow", index });
  }

  /** Asks the webview what it shows (integration tests); optionally switches tab/filter and sorts first. */
  domSummary(
    options: { tab?: PanelTab; filter?: "all" | "failed" | "disagree" | "below"; sortBy?: string[]; clickRow?: number; pickRuns?: string[]; historyScope?: "this" | "all"; comparisonIndex?: number; scrollTo?: string } = {},
    timeoutMs = 30_000,
  ): Promise<DomSummary> {
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.summaryWaiters.delete(requestId);
        reject(new Error(`the results panel did not answer a DOM summary request within ${timeoutMs} ms`));
      }, timeoutMs);
      this.summaryWaiters.set(requestId, (summary) => {
        clearTimeout(timer);
        resolve(summary);
      });
      this.post({ type: "domSummary", requestId, ...options });
    });
  }

  /** The results CSV of the shown run, parsed and scored once per file version. */
  private async source(): Promise<RowsSource | undefined> {
    const run = this.results?.run;
    if (!run?.outputFile || !existsSync(run.outputFile)) return undefined;
    const outputFile = run.outputFile;
    const mtime = (await stat(outputFile)).mtimeMs;
    const key = `${outputFile}\0${mtime}\0${run.csvFile ?? ""}`;
    if (this.rowsSource?.key !== key) {
      const source = (async () => {
        // Streamed: one copy of the cells (long ones in a temp file), not the file, its text and its records.
        const table = await readInputTable(outputFile);
        let inputLines: number[] | undefined;
        if (run.csvFile && existsSync(run.csvFile)) {
          try {
            const lines: number[] = [];
            await streamCsvFile(run.csvFile, { header: () => undefined, record: (r) => lines.push(r.line) });
            inputLines = lines; // only the line numbers of the input are needed
          } catch {
            inputLines = undefined; // the results CSV's own lines are used
          }
        }
        return new RowsSource(table, inputLines, readRecordedModels(outputFile), readRecordedFields(outputFile));
      })();
      this.rowsSource = { key, source };
      source.catch(() => {
        if (this.rowsSource?.source === source) this.rowsSource = undefined;
      });
    }
    return this.rowsSource.source;
  }

  private async rowsPage(request: RowsPageRequest): Promise<RowsPageMessage> {
    const base = { type: "rowsPage" as const, requestId: request.requestId, offset: request.offset, filter: request.filter };
    let source: RowsSource | undefined;
    try {
      source = await this.source();
    } catch (error) {
      return { ...base, total: 0, rowCount: 0, fields: [], models: [], rows: [], error: `The results CSV could not be read: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (!source) {
      return { ...base, total: 0, rowCount: 0, fields: [], models: [], rows: [], error: "No results CSV is known for these metrics (it should lie beside the metrics CSV as *.results.csv)." };
    }
    const page = source.page(request.offset, request.limit, request.filter, request.threshold);
    return { ...base, ...page };
  }

  /** Shows a data row's record in the input CSV (else in the results CSV). */
  private async revealRow(index: number): Promise<void> {
    const run = this.results?.run;
    const source = await this.source();
    if (!run || !source || index >= source.rowCount) return;
    const file = run.csvFile && existsSync(run.csvFile) ? run.csvFile : run.outputFile;
    if (!file) return;
    await this.openFile(file, source.line(index) || undefined);
  }

  /** Opens one of the shown run's files; any other path from the webview is refused. */
  private async openFile(path: string, line: number | undefined): Promise<void> {
    const run = this.results?.run;
    const allowed = run ? [run.promptFile, run.csvFile, run.outputFile, run.metricsFile] : [];
    if (!allowed.includes(path)) {
      getLog().warn(`Results panel: refused to open ${path} (not a file of the shown run)`);
      return;
    }
    const options: vscode.TextDocumentShowOptions = { preview: true, viewColumn: vscode.ViewColumn.One };
    if (line !== undefined) {
      const position = new vscode.Position(line - 1, 0);
      options.selection = new vscode.Range(position, position);
    }
    await vscode.window.showTextDocument(vscode.Uri.file(path), options);
  }

  private html(): string {
    const webview = this.panel.webview;
    const scriptUri = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, "dist", "webview", "main.js"));
    const styleUri = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, "media", "panel.css"));
    const plotlyUri = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, "dist", "webview", "plotly.min.js"));
    const nonce = randomBytes(18).toString("base64");
    const csp = [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      // The nonce is for the toolkit's (FAST's) one <style> element, which reads it from <meta property="csp-nonce">.
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `img-src ${webview.cspSource} data:`,
      `font-src ${webview.cspSource}`,
    ].join("; ");
    return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta property="csp-nonce" content="${nonce}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link href="${styleUri.toString()}" rel="stylesheet">
  <!-- plotly.js adds its CSS rules to these elements through the CSSOM when they exist (its own <style> elements
       would be blocked by the CSP): global rules, and MapLibre's, which it checks by id at load (unused here). -->
  <style nonce="${nonce}" id="plotly.js-style-global"></style>
  <style nonce="${nonce}" id="${PLOTLY_MAPLIBRE_STYLE_ID}"></style>
  <title>Prompt Bench results</title>
</head>
<body>
  <main id="app" data-testid="app"><p class="muted">Loading results…</p></main>
  <script nonce="${nonce}" src="${plotlyUri.toString()}"></script>
  <script nonce="${nonce}" src="${scriptUri.toString()}"></script>
</body>
</html>`;
  }
}
