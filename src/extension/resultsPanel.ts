import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { MetricsRow, RowFailure } from "../core/runner/options";
import {
  MAX_PANEL_FAILURES,
  parseFromWebview,
  type FromWebview,
  type PanelMetricsRow,
  type PanelRowFailure,
  type ProgressMessage,
  type ResultsMessage,
  type RunInfo,
  type ToWebview,
} from "../shared/protocol";
import { getLog, logError } from "./log";

// The core's row types must fit the protocol's schemas (checked at compile time).
const metricsFits: (row: MetricsRow) => PanelMetricsRow = (row) => row;
const failureFits: (failure: RowFailure) => PanelRowFailure = (failure) => failure;
void metricsFits;
void failureFits;

/** Builds the panel's results message; failures are capped at MAX_PANEL_FAILURES. */
export function resultsMessage(
  run: RunInfo,
  metrics: readonly MetricsRow[],
  failures: readonly RowFailure[] | undefined,
  cancelled = false,
  notes: readonly string[] = [],
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
  };
}

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
  private results: ResultsMessage | undefined;
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

  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // Only our own bundle and stylesheet may be loaded.
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist"), vscode.Uri.joinPath(extensionUri, "media")],
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
  }

  get visible(): boolean {
    return this.panel.visible;
  }

  showResults(results: ResultsMessage): void {
    this.results = results;
    this.lastRendered = undefined;
    this.post(results);
  }

  showProgress(progress: ProgressMessage): void {
    this.progress = progress;
    this.post(progress);
  }

  dispose(): void {
    ResultsPanel.currentPanel = undefined;
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }

  private post(message: ToWebview): void {
    // Before `ready` the script is not listening yet; it gets the latest state when it says `ready`.
    if (!this.ready) return;
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
        if (this.progress) this.post(this.progress);
        return;
      case "openFile":
        await this.openFile(message.path, message.line);
        return;
      case "rendered":
        this.lastRendered = { metricsRows: message.metricsRows, failures: message.failures };
        ResultsPanel.renderedEmitter.fire(this.lastRendered);
        return;
    }
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
    const nonce = randomBytes(18).toString("base64");
    const csp = [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src ${webview.cspSource}`,
      `img-src ${webview.cspSource} data:`,
      `font-src ${webview.cspSource}`,
    ].join("; ");
    return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link href="${styleUri.toString()}" rel="stylesheet">
  <title>Prompt Bench results</title>
</head>
<body>
  <main id="app" data-testid="app"><p class="muted">Loading results…</p></main>
  <script nonce="${nonce}" src="${scriptUri.toString()}"></script>
</body>
</html>`;
  }
}
