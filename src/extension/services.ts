import type * as vscode from "vscode";
import type { RunDiagnostics } from "./diagnostics";
import type { LastRunStore } from "./lastRun";

/** What the commands share; created once in `activate`. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly diagnostics: RunDiagnostics;
  readonly lastRun: LastRunStore;
}
