import * as vscode from "vscode";
import { isUserError } from "../core/errors/userError";
import { CommandIds } from "./commandIds";
import { logError } from "./log";

const SHOW_LOG = "Show log";

/**
 * Reports a failed command: a UserError's message is shown as-is; anything else is a bug, shown briefly with
 * its stack in the log. Both offer "Show log". Does not wait for the notification.
 */
export function reportError(error: unknown, context: string): void {
  logError(error, context);
  const message = isUserError(error)
    ? error.message
    : `${context} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}. The log has the details.`;
  // Not awaited: the notification stays until dismissed, the command ends now.
  void vscode.window.showErrorMessage(message, SHOW_LOG).then((choice) => {
    if (choice === SHOW_LOG) void vscode.commands.executeCommand(CommandIds.showLog);
  });
}
