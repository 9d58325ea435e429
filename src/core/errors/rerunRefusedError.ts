import { UserError } from "./userError";

/** `rerun` would not repeat the recorded run (a model or dataset file changed or is gone); nothing was run. */
export class RerunRefusedError extends UserError {
  constructor(message: string, file: string | undefined, readonly runId: string) {
    super(message, file);
  }
}
