import { ModelDoesNotFitError } from "../errors/modelDoesNotFitError";
import { ModelLoadError } from "../errors/modelLoadError";
import { CANNOT_LOAD, skipAdvice } from "../../shared/skipAdvice";

export interface Skip {
  /** Stored and shown as the model's `skipped` reason. */
  reason: string;
  /** What makes a rerun run the model's rows. */
  advice: string;
}

/** A load error the runner skips the model on (it does not fit, or its file cannot be loaded); undefined otherwise. */
export function skipFor(error: unknown): Skip | undefined {
  const reason = error instanceof ModelDoesNotFitError ? error.report.reason : error instanceof ModelLoadError ? CANNOT_LOAD + error.reason : undefined;
  return reason === undefined ? undefined : { reason, advice: `${skipAdvice(reason)} to run them` };
}
