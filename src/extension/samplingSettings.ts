import type * as vscode from "vscode";
import type { SamplingSettings } from "../core/engine/sampling";
import { ENSEMBLE_STRATEGIES, type EnsembleStrategy } from "../core/rounds/ensembleStrategy";

/** promptBench.temperature/topP/topK/seed/repeat/ensemble; out-of-range values fall back to the default (greedy, 1 round). */
export interface SamplingSettingsPart {
  sampling: SamplingSettings | undefined;
  repeat: number;
  ensemble: EnsembleStrategy | undefined;
}

export function readSamplingSettings(c: vscode.WorkspaceConfiguration): SamplingSettingsPart {
  const numberIn = (key: string, low: number, high: number, integer: boolean): number | undefined => {
    const value = c.get<number | null>(key);
    if (typeof value !== "number" || !Number.isFinite(value) || value < low || value > high) return undefined;
    return integer && !Number.isInteger(value) ? undefined : value;
  };
  const sampling: SamplingSettings = {};
  const temperature = numberIn("temperature", 0, 2, false);
  if (temperature !== undefined) sampling.temperature = temperature;
  const topP = numberIn("topP", 0, 1, false);
  if (topP !== undefined) sampling.topP = topP;
  const topK = numberIn("topK", 1, Number.MAX_SAFE_INTEGER, true);
  if (topK !== undefined) sampling.topK = topK;
  const seed = numberIn("seed", 0, 0xffffffff, true);
  if (seed !== undefined) sampling.seed = seed;
  const ensemble = ENSEMBLE_STRATEGIES.find((s) => s === c.get<string>("ensemble"));
  return { sampling: Object.keys(sampling).length > 0 ? sampling : undefined, repeat: numberIn("repeat", 1, 1000, true) ?? 1, ensemble };
}
