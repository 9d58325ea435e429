import type { RunParams } from "../core/history/runRecord";
import type { Settings } from "./config";

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
  };
}
