import * as vscode from "vscode";
import { getLog } from "./log";

export interface SecretInput {
  secrets: vscode.SecretStorage;
  /** SecretStorage key. */
  key: string;
  /** What it is, for messages: "API key for qwen72b", "Hugging Face token". */
  what: string;
  title: string;
  prompt: string;
  placeHolder?: string;
  /** Shown after saving instead of "<what> saved." */
  savedMessage?: string;
  /** A value from a script (tests, other extensions): no input box and no notification. */
  value?: unknown;
}

/**
 * Asks for a secret in a password box (or takes a scripted value) and keeps it in SecretStorage; an empty value
 * removes it. The value itself is never logged or shown.
 */
export async function storeSecretFromInput(input: SecretInput): Promise<void> {
  const scripted = typeof input.value === "string";
  const text = scripted ? (input.value as string) : await vscode.window.showInputBox({
    title: input.title,
    prompt: input.prompt,
    placeHolder: input.placeHolder,
    password: true,
    ignoreFocusOut: true,
    validateInput: (candidate) => (/\s/.test(candidate.trim()) ? "It has no spaces." : undefined),
  });
  if (text === undefined) return;
  const log = getLog();
  if (text.trim() === "") {
    await input.secrets.delete(input.key);
    log.info(`${input.what} removed.`);
    if (!scripted) void vscode.window.showInformationMessage(`Prompt Bench: ${input.what} removed.`);
    return;
  }
  await input.secrets.store(input.key, text.trim());
  log.info(`${input.what} saved in VS Code's secret storage.`);
  if (!scripted) void vscode.window.showInformationMessage(`Prompt Bench: ${input.savedMessage ?? `${input.what} saved.`}`);
}
