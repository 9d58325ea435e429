import { UserError } from "./userError";

/** An output path that must not be written: it is an input (the CSV, the prompt), another output, or a folder. */
export class OutputPathError extends UserError {}
