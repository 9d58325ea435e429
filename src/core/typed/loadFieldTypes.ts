import { SchemaFileError } from "../errors/schemaFileError";
import type { FieldTypes } from "./fieldType";
import { findSchemaFile, readSchemaFile } from "./schemaFile";

/**
 * The declared types of a run's fields: from `schemaFile`, else the schema file beside the prompt, else none
 * (every field a string). The schema must declare exactly the target columns, so a typo on either side is caught
 * before any inference.
 */
export function loadFieldTypes(promptFile: string, schemaFile: string | undefined, fields: readonly string[], csvFile: string): { file: string; types: FieldTypes } | undefined {
  const file = findSchemaFile(promptFile, schemaFile);
  if (file === undefined) return undefined;
  const types = readSchemaFile(file);
  const declared = Object.keys(types);
  const missing = fields.filter((f) => !declared.includes(f));
  const extra = declared.filter((f) => !fields.includes(f));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      missing.length ? `declares no type for the target column(s) ${missing.join(", ")} of ${csvFile}` : "",
      extra.length ? `declares field(s) ${extra.join(", ")} that ${csvFile} has no target column for` : "",
    ].filter(Boolean);
    throw new SchemaFileError(
      `${file} ${parts.join(" and ")}. Schema fields: ${declared.join(", ")}; target columns: ${fields.join(", ")}. ` +
        `Make both name the same fields.`,
      file,
    );
  }
  return { file, types };
}
