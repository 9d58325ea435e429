/** Sampling settings of a run; an unset value keeps the engine's greedy default (temperature 0). */
export interface SamplingSettings {
  temperature?: number;
  topP?: number;
  topK?: number;
  seed?: number;
}

/** The greedy default both engines use when nothing is set. */
export const GREEDY_TEMPERATURE = 0;

/** "temperature 0.8, top-p 0.9, seed 3" for logs and the meta file; "greedy" when nothing is set. */
export function describeSampling(sampling: SamplingSettings | undefined): string {
  if (!sampling) return "greedy";
  const parts: string[] = [];
  if (sampling.temperature !== undefined) parts.push(`temperature ${sampling.temperature}`);
  if (sampling.topP !== undefined) parts.push(`top-p ${sampling.topP}`);
  if (sampling.topK !== undefined) parts.push(`top-k ${sampling.topK}`);
  if (sampling.seed !== undefined) parts.push(`seed ${sampling.seed}`);
  return parts.length === 0 ? "greedy" : parts.join(", ");
}
