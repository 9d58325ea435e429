import * as vscode from "vscode";
import { parseUserEntries } from "../core/registry/userEntries";
import type { EndpointSpec } from "../engines/openai";
import { keyFromEnv } from "../engines/openai";
import { readSettings } from "./config";
import { storeSecretFromInput } from "./secretInput";

/** SecretStorage key of an endpoint entry's API key: per entry name and endpoint, so a moved entry asks again. */
export function apiKeySecretName(spec: Pick<EndpointSpec, "name" | "source">): string {
  return `promptBench.apiKey:${spec.name}@${spec.source.endpoint}`;
}

/** The key for an endpoint entry: SecretStorage first, then the environment variable in `apiKeyEnv`. */
export async function readApiKey(secrets: vscode.SecretStorage, spec: EndpointSpec): Promise<string | undefined> {
  return (await secrets.get(apiKeySecretName(spec)))?.trim() || keyFromEnv(spec);
}

/** Endpoint entries of the setting promptBench.models (for the first workspace folder, or user settings). */
function endpointEntries(): EndpointSpec[] {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const settings = readSettings(folder?.uri);
  return parseUserEntries(settings.models, "Setting promptBench.models", folder?.uri.fsPath).filter((s): s is EndpointSpec => s.source.kind === "endpoint");
}

/**
 * `prompt-bench.setApiKey`: asks which endpoint entry and its key (or takes `entryName` and `value` from a script)
 * and keeps the key in SecretStorage; an empty key removes it. The key is never logged or shown.
 */
export async function setApiKeyCommand(secrets: vscode.SecretStorage, entryName?: unknown, value?: unknown): Promise<void> {
  const scripted = typeof entryName === "string";
  const entries = endpointEntries();
  if (entries.length === 0) {
    const message = 'No model entry with an "endpoint" in the setting promptBench.models. Add one like { "name": "qwen72b-cluster", "endpoint": "http://gpu-box:8000/v1", "model": "Qwen/Qwen2.5-72B-Instruct" } first.';
    if (scripted) throw new Error(message);
    void vscode.window.showWarningMessage(`Prompt Bench: ${message}`);
    return;
  }
  const spec = scripted
    ? entries.find((e) => e.name === entryName)
    : (await vscode.window.showQuickPick(entries.map((e) => ({ label: e.name, description: `${e.source.model} @ ${e.source.endpoint}`, spec: e })), {
        title: "Prompt Bench: API key for which model endpoint?",
      }))?.spec;
  if (!spec) {
    if (scripted) throw new Error(`No endpoint entry named "${String(entryName)}" in the setting promptBench.models (entries: ${entries.map((e) => e.name).join(", ")}).`);
    return;
  }
  await storeSecretFromInput({
    secrets,
    key: apiKeySecretName(spec),
    what: `API key for ${spec.name}`,
    title: `Prompt Bench: API key for ${spec.name} (${spec.source.endpoint})`,
    prompt: "Kept in VS Code's secret storage, never in settings or logs. Leave empty to remove the saved key.",
    value,
  });
}
