import { MemoryPeakSampler } from "../../core/hardware/memoryPeakSampler";
import { NO_GPU } from "./hardwareFacts";
import type { Llama } from "./nodeLlamaCpp";

/**
 * Samples RAM (this process's resident set: the Node process or extension host itself included) and, with a GPU,
 * the device's used VRAM as llama.cpp reports it (other processes on that GPU included).
 */
export function createMemoryPeakSampler(llama: Llama, intervalMs = 250): MemoryPeakSampler {
  return new MemoryPeakSampler(
    {
      ram: () => process.memoryUsage.rss(),
      vram: llama.gpu === false ? undefined : async () => (await llama.getVramState()).used,
      vramUnavailable: NO_GPU,
    },
    intervalMs,
  );
}
