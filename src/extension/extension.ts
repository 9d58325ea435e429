import * as vscode from "vscode";
import { benchmarkPromptCommand, type BenchmarkCommandOptions } from "./benchmarkCommand";
import { registerCodeLens } from "./codeLens";
import { CommandIds } from "./commandIds";
import { trackPromptFileContext } from "./contextKeys";
import { RunDiagnostics } from "./diagnostics";
import { LastRunStore } from "./lastRun";
import { disposeLog, getLog } from "./log";
import { openResultsCommand } from "./openResultsCommand";
import { ResultsPanel, type RenderedInfo } from "./resultsPanel";
import type { Services } from "./services";

/** Returned from `activate` (`extension.exports`); integration tests use it to observe the panel. */
export interface PromptBenchApi {
  resultsPanel: {
    isOpen(): boolean;
    lastRendered(): RenderedInfo | undefined;
    onDidRender: vscode.Event<RenderedInfo>;
  };
}

export function activate(context: vscode.ExtensionContext): PromptBenchApi {
  const log = getLog();
  const diagnostics = new RunDiagnostics();
  const services: Services = { context, diagnostics, lastRun: new LastRunStore(context.workspaceState) };

  context.subscriptions.push(
    disposeLog(),
    diagnostics,
    registerCodeLens(),
    trackPromptFileContext(),
    vscode.commands.registerCommand(CommandIds.benchmarkPrompt, (uri?: unknown, options?: BenchmarkCommandOptions) =>
      benchmarkPromptCommand(services, uri, options),
    ),
    vscode.commands.registerCommand(CommandIds.openResults, (uri?: unknown) => openResultsCommand(services, uri)),
    vscode.commands.registerCommand(CommandIds.showLog, () => getLog().show(true)),
    new vscode.Disposable(() => ResultsPanel.currentPanel?.dispose()),
  );
  log.info(`Prompt Bench ${String(context.extension.packageJSON.version)} activated in VS Code ${vscode.version}`);

  return {
    resultsPanel: {
      isOpen: () => ResultsPanel.currentPanel !== undefined,
      lastRendered: () => ResultsPanel.currentPanel?.lastRendered,
      onDidRender: ResultsPanel.onDidRender,
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
