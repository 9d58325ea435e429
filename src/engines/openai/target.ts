import type { EndpointSource, ModelSpec } from "../../core/registry/modelSpec";

/** An endpoint model as the engine uses it: the spec narrowed to its endpoint source. */
export type EndpointSpec = ModelSpec & { source: EndpointSource };

export function isEndpointSpec(spec: ModelSpec): spec is EndpointSpec {
  return spec.source.kind === "endpoint";
}

/** Where in the user's configuration an entry lives, for messages that say what to change. */
export const ENTRY_ORIGIN = "the setting promptBench.models or the --models-file";

/** How to give this entry a key, for the CLI and VS Code. */
export function keyHint(spec: EndpointSpec): string {
  const env = spec.source.apiKeyEnv;
  return env
    ? `Set the environment variable ${env} (CLI), or run "Prompt Bench: Set API Key for a Model Endpoint" (VS Code)`
    : `Add "apiKeyEnv": "NAME_OF_A_VARIABLE" to the entry "${spec.name}" and set that variable (CLI), or run "Prompt Bench: Set API Key for a Model Endpoint" (VS Code)`;
}
