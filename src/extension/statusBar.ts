import * as vscode from "vscode";
import { CommandIds } from "./commandIds";
import type { RunState, RunStatus } from "./runState";

/** "$(sync~spin) Prompt Bench: model 1/2 · row 12/63" while a run goes; beside it a stop button. */
export function statusText(status: RunStatus): string {
  return `$(sync~spin) Prompt Bench: model ${status.modelIndex + 1}/${status.modelCount} · row ${status.rowsDone}/${status.rowsTotal}`;
}

export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("promptBench.run", vscode.StatusBarAlignment.Left, 10);
  private readonly cancelItem = vscode.window.createStatusBarItem("promptBench.cancel", vscode.StatusBarAlignment.Left, 9);
  private readonly subscription: vscode.Disposable;

  constructor(state: RunState) {
    this.item.name = "Prompt Bench run";
    this.item.command = { title: "Open results", command: CommandIds.openResults };
    this.cancelItem.name = "Prompt Bench: cancel run";
    this.cancelItem.text = "$(debug-stop)";
    this.cancelItem.tooltip = "Cancel the Prompt Bench run (finished rows are kept)";
    this.cancelItem.command = CommandIds.cancelRun;
    this.subscription = state.onDidChange((status) => this.render(status));
    this.render(state.status);
  }

  /** The item's current text, or undefined while hidden (tests use it). */
  get text(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  private visible = false;

  private render(status: RunStatus | undefined): void {
    if (!status) {
      this.visible = false;
      this.item.hide();
      this.cancelItem.hide();
      return;
    }
    this.item.text = statusText(status);
    this.item.tooltip = `Benchmarking ${status.prompt}${status.model ? ` — ${status.model}` : ""}. Click to open the results panel.`;
    this.visible = true;
    this.item.show();
    this.cancelItem.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
    this.cancelItem.dispose();
  }
}
