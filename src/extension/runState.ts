import * as vscode from "vscode";

/** What the status bar shows about the running benchmark. */
export interface RunStatus {
  prompt: string;
  modelIndex: number;
  modelCount: number;
  rowsDone: number;
  rowsTotal: number;
  model?: string;
}

/**
 * The one benchmark that may run at a time: its cancellation and its progress, shared by the run command,
 * the status bar and `prompt-bench.cancelRun`.
 */
export class RunState {
  private abort: AbortController | undefined;
  private current: RunStatus | undefined;
  private readonly changed = new vscode.EventEmitter<RunStatus | undefined>();
  readonly onDidChange = this.changed.event;

  get running(): boolean {
    return this.abort !== undefined;
  }

  get status(): RunStatus | undefined {
    return this.current;
  }

  /** Starts a run; returns the signal the runner stops on. */
  start(prompt: string, modelCount: number): AbortSignal {
    this.abort = new AbortController();
    this.current = { prompt, modelIndex: 0, modelCount, rowsDone: 0, rowsTotal: 0 };
    this.changed.fire(this.current);
    return this.abort.signal;
  }

  update(patch: Partial<RunStatus>): void {
    if (!this.current) return;
    this.current = { ...this.current, ...patch };
    this.changed.fire(this.current);
  }

  /** Asks the running benchmark to stop after saving its finished rows; false when nothing runs. */
  cancel(): boolean {
    if (!this.abort || this.abort.signal.aborted) return false;
    this.abort.abort();
    return true;
  }

  finish(): void {
    this.abort = undefined;
    this.current = undefined;
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Shared by the commands (a module singleton, like the panel). */
export const runState = new RunState();
