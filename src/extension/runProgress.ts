import type * as vscode from "vscode";
import { formatDownloadFigures } from "../core/runner/downloadText";
import type { RunEvent } from "../core/runner/events";
import type { ProgressMessage } from "../shared/protocol";

/**
 * Turns runner events into the notification's "model i/n · row j/m · x tok/s" line and its percentage
 * (models × rows), and into the panel's progress message.
 */
export class RunProgress {
  private reported = 0;
  private rowsTotal = 0;
  private modelCount: number;
  private current: Omit<ProgressMessage, "type" | "state" | "message"> = {};
  lastMessage = "starting…";

  constructor(
    private readonly progress: vscode.Progress<{ message?: string; increment?: number }>,
    modelCount: number,
    private readonly onUpdate: (message: ProgressMessage) => void,
  ) {
    this.modelCount = Math.max(1, modelCount);
  }

  handle(event: RunEvent): void {
    switch (event.type) {
      case "model-start":
        this.modelCount = Math.max(1, event.modelCount);
        this.rowsTotal = event.rowsTotal;
        this.current = { model: event.model, modelIndex: event.modelIndex, modelCount: event.modelCount, rowsDone: event.rowsDone, rowsTotal: event.rowsTotal, tokensPerSec: undefined };
        this.advanceTo(event.modelIndex, event.rowsDone);
        this.report(event.rowsDone >= event.rowsTotal ? "already complete" : event.rowsDone > 0 ? `resuming · loading ${event.model}…` : `loading ${event.model}…`);
        return;
      case "download":
        this.show(`Downloading ${event.model}: ${formatDownloadFigures(event)}`);
        return;
      case "model-loaded":
        this.report(`loaded in ${event.loadSeconds.toFixed(1)} s`);
        return;
      case "row-done":
        this.current = { ...this.current, model: event.model, modelIndex: event.modelIndex, rowsDone: event.rowsDone, rowsTotal: event.rowsTotal, tokensPerSec: event.tokensPerSec };
        this.rowsTotal = event.rowsTotal;
        this.advanceTo(event.modelIndex, event.rowsDone);
        this.report();
        return;
      default:
        return;
    }
  }

  private advanceTo(modelIndex: number, rowsDone: number): void {
    if (this.rowsTotal <= 0) return;
    const target = (100 * (modelIndex + rowsDone / this.rowsTotal)) / this.modelCount;
    const increment = target - this.reported;
    if (increment > 0) {
      this.reported = target;
      this.progress.report({ increment });
    }
  }

  private report(suffix?: string): void {
    const c = this.current;
    const parts = [`model ${(c.modelIndex ?? 0) + 1}/${c.modelCount ?? this.modelCount}`, `row ${c.rowsDone ?? 0}/${c.rowsTotal ?? this.rowsTotal}`];
    if (c.tokensPerSec !== undefined && c.tokensPerSec !== null) parts.push(`${c.tokensPerSec.toFixed(1)} tok/s`);
    let message = parts.join(" · ");
    if (c.model) message += ` (${c.model})`;
    if (suffix) message += ` · ${suffix}`;
    this.show(message);
  }

  private show(message: string): void {
    this.lastMessage = message;
    this.progress.report({ message });
    this.onUpdate({ type: "progress", state: "running", message, ...this.current });
  }
}
