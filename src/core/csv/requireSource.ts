import { CsvError } from "../errors/csvError";
import type { CsvTable } from "./table";

export const SOURCE_COLUMN = "source";

/** Fails unless the table has a `source` column (exact, lower case, like the seed CLI's `df["source"]`). */
export function requireSourceColumn(table: Pick<CsvTable, "file" | "columns" | "delimiter" | "encoding">): void {
  if (table.columns.includes(SOURCE_COLUMN)) return;
  const near = table.columns.find((c) => c.toLowerCase() === SOURCE_COLUMN);
  const hint = near ? ` Rename "${near}" to "source" (the name is case-sensitive).` : ` Add a column named "source" holding the text to put into the prompt.`;
  throw new CsvError(
    `${table.file} has no "source" column. Found columns: ${table.columns.map((c) => JSON.stringify(c)).join(", ")} (read with delimiter ${JSON.stringify(table.delimiter)}, encoding ${table.encoding}).${hint}`,
    table.file,
  );
}
