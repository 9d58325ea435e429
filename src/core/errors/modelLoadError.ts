import { UserError } from "./userError";

/** What is wrong with a model file, for tests and for the advice shown with the skip. */
export type ModelLoadProblem =
  | "empty"
  | "not-gguf"
  | "truncated"
  | "corrupt"
  | "unsupported-version"
  | "unsupported-architecture"
  | "unsupported-tensor-type"
  | "llama-cpp";

/**
 * A model file that node-llama-cpp cannot load (not a GGUF, cut short, corrupted, an architecture or tensor type
 * llama.cpp does not know). The runner skips the model with `reason` and goes on with the next, as for a model that
 * does not fit. `reason` names the file, says what is wrong and what to do.
 */
export class ModelLoadError extends UserError {
  constructor(
    readonly model: string,
    file: string,
    readonly problem: ModelLoadProblem,
    readonly reason: string,
  ) {
    super(`Model "${model}" cannot be loaded: ${reason}`, file);
  }
}
