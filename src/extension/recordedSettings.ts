import type { RunParams } from "../core/history/runRecord";
import type { Settings } from "./config";
import { ENSEMBLE_STRATEGIES } from "../core/rounds/ensembleStrategy";

/**
 * The promptBench.* settings a recorded run used, to run the same way again ("Compare with last run"). Only what
 * the record holds; the rest (models folder, history file) stays as configured now.
 */
export function settingsFromParams(params: RunParams): Partial<Settings> {
  return {
    maxNewTokens: params.maxNewTokens,
    maxReasoningTokens: params.maxReasoningTokens,
    constrainedDecoding: params.constrained,
    threads: params.threads,
    parallelRows: params.parallel,
    gpu: params.gpu === false ? "off" : "auto",
    gpuDevices: params.gpuDevices,
    escapeFormulas: params.escapeFormulas ?? true,
    rougeTokenizer: params.rougeTokenizer === "unicode" ? "unicode" : "default",
    bertScoreModel: params.bertScoreModel,
    ...recordedSampling(params),
  };
}

/** Sampling, rounds and ensemble as recorded (a run recorded before these settings: temperature 0, greedy). */
function recordedSampling(params: RunParams): Pick<Settings, "sampling" | "repeat" | "ensemble"> {
  const sampled = params.temperature !== 0 || params.topP !== undefined || params.topK !== undefined;
  const sampling = sampled ? { temperature: params.temperature, topP: params.topP, topK: params.topK, seed: params.seed } : undefined;
  return { sampling, repeat: params.repeat ?? 1, ensemble: ENSEMBLE_STRATEGIES.find((s) => s === params.ensemble) };
}
