import type * as vscode from "vscode";
import { storeSecretFromInput } from "./secretInput";

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
  await storeSecretFromInput({
    secrets,
    key: HF_TOKEN_SECRET,
    what: "Hugging Face token",
    title: "Prompt Bench: Hugging Face token",
    prompt: "A read token from https://huggingface.co/settings/tokens, for gated models such as Llama. Leave empty to remove the saved token.",
    placeHolder: "hf_…",
    savedMessage: "Hugging Face token saved; gated models download with it. Request access on each model's page first.",
    value,
  });
}
