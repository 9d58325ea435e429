import type { LoraAdapter } from "./modelSpec";

/** Default scale of an adapter without one (node-llama-cpp's and llama.cpp's too). */
export const DEFAULT_LORA_SCALE = 1;

/**
 * The adapters as one line, e.g. `/a/x.gguf ×1, /a/y.gguf ×0.5`: for logs and for the run meta, where it is
 * compared on resume (so its form must stay stable). Undefined without adapters.
 */
export function describeLora(adapters: readonly LoraAdapter[] | undefined): string | undefined {
  if (!adapters || adapters.length === 0) return undefined;
  return adapters.map((a) => `${a.path} ×${a.scale ?? DEFAULT_LORA_SCALE}`).join(", ");
}
