import { UserError } from "../../core/errors/userError";
import { DEFAULT_LORA_SCALE } from "../../core/registry/lora";
import type { ModelSpec } from "../../core/registry/modelSpec";

/** node-llama-cpp's `createContext({ lora })` option for a spec's adapters; undefined without any. */
export function contextLora(spec: ModelSpec): { adapters: { filePath: string; scale: number }[] } | undefined {
  if (!spec.lora || spec.lora.length === 0) return undefined;
  return { adapters: spec.lora.map((a) => ({ filePath: a.path, scale: a.scale ?? DEFAULT_LORA_SCALE })) };
}

/**
 * node-llama-cpp only says `Failed to initialize LoRA adapter "<file>"`; llama.cpp's reason (e.g. "tensor … has
 * incorrect shape (hint: maybe wrong base model?)") comes through the log as `nativeReason`. Other errors pass through.
 */
export function loraLoadError(spec: ModelSpec, modelPath: string, error: unknown, nativeReason?: string): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (!spec.lora?.length || !/LoRA adapter/i.test(message)) return error;
  const file = spec.lora.find((a) => message.includes(a.path))?.path ?? spec.lora.map((a) => a.path).join(", ");
  const reason = nativeReason?.replace(/^\w+: /, "") ?? message;
  return new UserError(
    `Model "${spec.name}": the LoRA adapter ${file} could not be applied to ${modelPath}: ${reason}. ` +
      `It must be a GGUF LoRA adapter made for this base model (llama.cpp's convert_lora_to_gguf.py converts a ` +
      `PEFT adapter). Fix "lora" in the entry "${spec.name}" (setting promptBench.models or --models-file).`,
    file,
  );
}

/** llama.cpp notes that an adapter skips the CPU's repacked weight buffers (AMX and the like): harmless, not a warning. */
export function isLoraCpuFallback(text: string): boolean {
  return /^llama_adapter_lora_init_impl: lora for '.*' cannot use buft '.*', fallback to CPU$/.test(text);
}
