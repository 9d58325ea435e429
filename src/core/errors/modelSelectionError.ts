import { UserError } from "./userError";

/** A `--model` value or a user model entry that names nothing usable. */
export class ModelSelectionError extends UserError {}
