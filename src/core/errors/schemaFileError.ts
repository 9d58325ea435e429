import { UserError } from "./userError";

/** A typed-fields schema file (`<prompt>.schema.json`, `--schema`) that cannot be used. */
export class SchemaFileError extends UserError {}
