import * as vscode from "vscode";
import { isUserError } from "../core/errors/userError";

let channel: vscode.LogOutputChannel | undefined;

/** The "Prompt Bench" log (a LogOutputChannel: levels, timestamps, "Set Log Level…"). */
export function getLog(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel("Prompt Bench", { log: true });
  return channel;
}

/** Disposable for `context.subscriptions`; a later `getLog()` creates a fresh channel. */
export function disposeLog(): vscode.Disposable {
  return new vscode.Disposable(() => {
    channel?.dispose();
    channel = undefined;
  });
}

/** User errors are logged as their message; anything else (a bug) with its stack. */
export function logError(error: unknown, context: string): void {
  const log = getLog();
  if (isUserError(error)) {
    log.error(`${context}: ${error.message}`);
  } else if (error instanceof Error) {
    log.error(`${context}: ${error.stack ?? error.message}`);
  } else {
    log.error(`${context}: ${String(error)}`);
  }
}
