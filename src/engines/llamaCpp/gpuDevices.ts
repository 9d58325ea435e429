import { UserError } from "../../core/errors/userError";

/**
 * node-llama-cpp 3.22 has no option to pick GPUs or the split mode: llama.cpp spreads layers over every GPU its
 * backend can see. The backends read their visibility variables when they initialise, so the choice is made by
 * setting those before node-llama-cpp loads its binding.
 */
export const GPU_DEVICE_VARIABLES = ["CUDA_VISIBLE_DEVICES", "GGML_VK_VISIBLE_DEVICES"] as const;

/** "0,1" → "0,1"; empty → undefined (every GPU). Anything else is refused, naming where it came from. */
export function parseGpuDevices(text: string | undefined, origin: string): string | undefined {
  const value = (text ?? "").replace(/\s+/g, "");
  if (value === "") return undefined;
  if (!/^\d+(,\d+)*$/.test(value)) {
    throw new UserError(`${origin}: "${text}" is not a list of GPU indexes. Use e.g. "0" or "0,1" (as nvidia-smi numbers them), or leave it empty for every GPU.`);
  }
  return value;
}

/**
 * Makes only `devices` visible to CUDA and Vulkan in this process. Returns a note for the log, or a warning when
 * the process already chose other GPUs (the backends initialise once per process: it takes a restart).
 */
export function applyGpuDevices(devices: string, env: NodeJS.ProcessEnv = process.env, bindingLoaded = false): { level: "info" | "warn"; message: string } {
  const before = GPU_DEVICE_VARIABLES.map((name) => env[name]);
  if (bindingLoaded && before.some((value) => value !== devices)) {
    return { level: "warn", message: `GPU devices "${devices}" take effect after a restart (reload the VS Code window): the GPU backend of this process is already initialised.` };
  }
  for (const name of GPU_DEVICE_VARIABLES) env[name] = devices;
  return { level: "info", message: `GPUs limited to ${devices} (${GPU_DEVICE_VARIABLES.join(", ")})` };
}
