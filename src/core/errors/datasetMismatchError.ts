import { UserError } from "./userError";

/** Two runs to compare share no dataset row (no input hash in common): there is nothing to pair. */
export class DatasetMismatchError extends UserError {
  constructor(message: string) {
    super(message);
  }
}
