import { UserError } from "./userError";

/** A prompt template that cannot be used (e.g. no `{source}` placeholder). */
export class PromptError extends UserError {}
