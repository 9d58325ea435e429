import * as vscode from "vscode";
import { getLog } from "./log";

/** SecretStorage key of the Hugging Face token (never in settings, never logged). */
export const HF_TOKEN_SECRET = "promptBench.huggingFaceToken";

export async function readHfToken(secrets: vscode.SecretStorage): Promise<string | undefined> {
  return (await secrets.get(HF_TOKEN_SECRET))?.trim() || undefined;
}

/**
 * `prompt-bench.setHuggingFaceToken`: asks for a token (or takes `value` from a script) and keeps it in
 * SecretStorage; an empty value removes it. Gated repositories (Llama) download with it.
 */
export async function setHfTokenCommand(secrets: vscode.SecretStorage, value?: unknown): Promise<void> {
  const token = typeof value === "string" ? value : await vscode.window.showInputBox({
    title: "Prompt Bench: Hugging Face token",
    prompt: "A read token from https://huggingface.co/settings/tokens, for gated models such as Llama. Leave empty to remove the saved token.",
    placeHolder: "hf_…",
    password: true,
    ignoreFocusOut: true,
    validateInput: (text) => (/\s/.test(text.trim()) ? "A token has no spaces." : undefined),
  });
  if (token === undefined) return;
  const log = getLog();
  if (token.trim() === "") {
    await secrets.delete(HF_TOKEN_SECRET);
    log.info("Hugging Face token removed.");
    if (typeof value !== "string") void vscode.window.showInformationMessage("Prompt Bench: Hugging Face token removed.");
    return;
  }
  await secrets.store(HF_TOKEN_SECRET, token.trim());
  log.info("Hugging Face token saved in VS Code's secret storage.");
  if (typeof value !== "string") {
    void vscode.window.showInformationMessage("Prompt Bench: Hugging Face token saved; gated models download with it. Request access on each model's page first.");
  }
}
