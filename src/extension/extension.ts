import * as vscode from "vscode";
import { reportError } from "./errors";
import { exportPlotsCommand } from "./exportPlotsCommand";
import { benchmarkPromptCommand, type BenchmarkCommandOptions } from "./benchmarkCommand";
import { registerCodeActions } from "./codeActions";
import { compareWithLastRunCommand, type CompareWithLastRunOptions } from "./compareWithLastRun";
import { benchmarkVariantsCommand, type VariantsCommandOptions } from "./variantsCommand";
import { registerCodeLens } from "./codeLens";
import { CommandIds, IS_RUNNING_CONTEXT } from "./commandIds";
import { trackPromptFileContext } from "./contextKeys";
import { RunDiagnostics } from "./diagnostics";
import { LastRunStore } from "./lastRun";
import { setHfTokenCommand } from "./hfToken";
import { setApiKeyCommand } from "./apiKeys";
import { disposeLog, getLog } from "./log";
import { openResultsCommand } from "./openResultsCommand";
import { compareRunsCommand, showHistoryCommand } from "./compareRunsCommand";
import { compareHistoryRuns } from "./runComparer";
import { ResultsWatcher } from "./resultsWatcher";
import { runState } from "./runState";
import { RunStatusBar } from "./statusBar";
import { ResultsPanel, type RenderedInfo } from "./resultsPanel";
import type { Services } from "./services";
import { chooseTargetsCommand, type ChooseTargetsOptions } from "./targetChoice";
import type { DomSummary } from "../shared/protocol";

/** Returned from `activate` (`extension.exports`); integration tests use it to observe the panel. */
export interface PromptBenchApi {
  resultsPanel: {
    isOpen(): boolean;
    lastRendered(): RenderedInfo | undefined;
    onDidRender: vscode.Event<RenderedInfo>;
    /** What the webview shows, reported by the webview itself (see DomSummary in src/shared/protocol.ts). */
    domSummary(options?: Parameters<ResultsPanel["domSummary"]>[0]): Promise<DomSummary>;
    /** What VS Code does after a window reload: restore a panel from its webview's saved state (tests). */
    restore(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  };
  /** Editor integration (diagnostics, CodeLens, status bar), for the tests. */
  editor: {
    /** The run status bar item's text, undefined while no run goes. */
    statusBarText(): string | undefined;
  };
}

export function activate(context: vscode.ExtensionContext): PromptBenchApi {
  const log = getLog();
  const diagnostics = new RunDiagnostics();
  const services: Services = { context, diagnostics, lastRun: new LastRunStore(context.workspaceState) };

  const resultsWatcher = new ResultsWatcher(diagnostics);
  const statusBar = new RunStatusBar(runState);

  context.subscriptions.push(
    disposeLog(),
    diagnostics,
    // Editor integration: results watcher → diagnostics and CodeLens summary; code actions; run status bar.
    resultsWatcher,
    registerCodeLens(resultsWatcher),
    registerCodeActions(diagnostics),
    statusBar,
    vscode.commands.registerCommand(CommandIds.cancelRun, () => {
      if (!runState.cancel()) void vscode.window.showInformationMessage("No Prompt Bench run is in progress.");
    }),
    runState.onDidChange((status) => void vscode.commands.executeCommand("setContext", IS_RUNNING_CONTEXT, status !== undefined)),
    trackPromptFileContext(),
    vscode.commands.registerCommand(CommandIds.benchmarkPrompt, (uri?: unknown, options?: BenchmarkCommandOptions) =>
      benchmarkPromptCommand(services, uri, options),
    ),
    vscode.commands.registerCommand(CommandIds.compareWithLastRun, (uri?: unknown, options?: CompareWithLastRunOptions) => compareWithLastRunCommand(services, uri, options)),
    vscode.commands.registerCommand(CommandIds.benchmarkVariants, (options?: VariantsCommandOptions) => benchmarkVariantsCommand(services, options)),
    vscode.commands.registerCommand(CommandIds.openResults, (uri?: unknown) => openResultsCommand(services, uri)),
    vscode.commands.registerCommand(CommandIds.showLog, () => getLog().show(true)),
    vscode.commands.registerCommand(CommandIds.setHuggingFaceToken, (value?: unknown) => setHfTokenCommand(context.secrets, value)),
    vscode.commands.registerCommand(CommandIds.setApiKey, (entryName?: unknown, value?: unknown) => setApiKeyCommand(context.secrets, entryName, value)),
    vscode.commands.registerCommand(CommandIds.exportPlots, (options?: { dir?: string }) =>
      exportPlotsCommand(services, options).catch((error: unknown) => {
        if (options?.dir) throw error; // called by a script or test: let it see the error
        reportError(error, "Export plots");
        return undefined;
      }),
    ),
    vscode.commands.registerCommand(CommandIds.compareRuns, (args?: unknown) => compareRunsCommand(services, args)),
    vscode.commands.registerCommand(CommandIds.showHistory, (args?: unknown) => showHistoryCommand(services, args)),
    vscode.commands.registerCommand(CommandIds.chooseTargets, (uri?: unknown, options?: ChooseTargetsOptions) =>
      chooseTargetsCommand(context.workspaceState, uri, options).catch((error: unknown) => reportError(error, "Choose target columns")),
    ),
    new vscode.Disposable(() => ResultsPanel.currentPanel?.dispose()),
    ResultsPanel.registerSerializer(context.extensionUri, () => services.lastRun.get()),
  );
  ResultsPanel.comparer = compareHistoryRuns;
  log.info(`Prompt Bench ${String(context.extension.packageJSON.version)} activated in VS Code ${vscode.version}`);

  return {
    resultsPanel: {
      isOpen: () => ResultsPanel.currentPanel !== undefined,
      lastRendered: () => ResultsPanel.currentPanel?.lastRendered,
      onDidRender: ResultsPanel.onDidRender,
      domSummary: (options) => {
        const panel = ResultsPanel.currentPanel;
        return panel ? panel.domSummary(options) : Promise.reject(new Error("the results panel is not open"));
      },
      restore: async (panel, state) => {
        await ResultsPanel.restore(panel, state, context.extensionUri, () => services.lastRun.get());
      },
    },
    editor: { statusBarText: () => statusBar.text },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
