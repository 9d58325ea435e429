import { availableParallelism } from "node:os";

/**
 * Threads for llama.cpp when the user sets none. node-llama-cpp's default (max(math cores, 4)) oversubscribes
 * small machines: on 2 cores, ~64 tokens of the test model ran at 1-2 tokens/s with its default (4 threads),
 * 10-100 with 2 threads and ~3000 with 1 (the other core runs Node, the editor or other jobs, and llama.cpp's
 * spinning threads starve when they must share one). So: one core is left free, and no more threads than
 * llama.cpp's count of math cores (physical cores, which beat hyperthreads).
 */
export function defaultThreads(logicalCpus: number = availableParallelism(), mathCores?: number): number {
  const spare = Math.max(1, Math.floor(logicalCpus) - 1);
  return mathCores !== undefined && mathCores >= 1 ? Math.min(spare, Math.floor(mathCores)) : spare;
}
