import type { SamplingSettings } from "../core/engine/sampling";
import { ENSEMBLE_STRATEGIES, type EnsembleStrategy } from "../core/rounds/ensembleStrategy";
import { number, oneOf, positiveInt } from "./flags";
import { UsageError } from "./usageError";

/** The flags of sampling, rounds and ensembles, for parseFlags (spread into the run's flags). */
export const SAMPLING_FLAGS = {
  temperature: { type: "string" },
  "top-p": { type: "string" },
  "top-k": { type: "string" },
  seed: { type: "string" },
  repeat: { type: "string" },
  ensemble: { type: "string" },
} as const;

export interface SamplingArgs {
  /** undefined when no sampling flag is given: greedy decoding, as before. */
  sampling?: SamplingSettings;
  /** --repeat N: rounds with seeds seed, seed+1, …; 1 = one run. */
  repeat: number;
  ensemble?: EnsembleStrategy;
}

type Values = Partial<Record<keyof typeof SAMPLING_FLAGS, string | boolean>>;

export function parseSamplingArgs(values: Values): SamplingArgs {
  const text = (key: keyof typeof SAMPLING_FLAGS): string | undefined => (typeof values[key] === "string" ? (values[key] as string) : undefined);
  const sampling: SamplingSettings = {};
  const temperature = text("temperature");
  if (temperature !== undefined) sampling.temperature = inRange("--temperature", temperature, 0, 2);
  const topP = text("top-p");
  if (topP !== undefined) sampling.topP = inRange("--top-p", topP, 0, 1);
  const topK = text("top-k");
  if (topK !== undefined) sampling.topK = positiveInt("--top-k", topK);
  const seed = text("seed");
  if (seed !== undefined) sampling.seed = nonNegativeInt("--seed", seed);
  const repeat = text("repeat") === undefined ? 1 : positiveInt("--repeat", text("repeat")!);
  const ensembleText = text("ensemble");
  const ensemble = ensembleText === undefined ? undefined : oneOf("--ensemble", ensembleText, ENSEMBLE_STRATEGIES);
  return { sampling: Object.keys(sampling).length > 0 ? sampling : undefined, repeat, ensemble };
}

function inRange(flag: string, text: string, low: number, high: number): number {
  const n = number(flag, text);
  if (n < low || n > high) throw new UsageError(`${flag} must be between ${low} and ${high}, not "${text}"`);
  return n;
}

function nonNegativeInt(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new UsageError(`${flag} must be a whole number from 0 to 4294967295, not "${text}"`);
  return n;
}
