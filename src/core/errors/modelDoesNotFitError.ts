import { UserError } from "./userError";
import type { FitReport } from "../engine/engine";

/** A model cannot fit the free VRAM/RAM for the run's context; the runner skips it and goes on with the next. */
export class ModelDoesNotFitError extends UserError {
  constructor(
    readonly model: string,
    readonly report: FitReport,
  ) {
    super(`${model} does not fit this machine: ${report.reason.replace(/^does not fit: /, "")}`);
  }
}
