import { UserError } from "./userError";

/** A CSV that cannot be used: unreadable, malformed, or missing the `source` column. */
export class CsvError extends UserError {}
