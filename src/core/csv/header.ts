import { CsvError } from "../errors/csvError";
import type { CsvRecord } from "./table";

/** Trimmed header names; an empty or repeated name is an error naming its 1-based column position. */
export function checkHeader(header: CsvRecord, file: string, delimiter: string): string[] {
  const columns = header.values.map((name) => name.trim());
  const where = `${file}:${header.line}`;
  columns.forEach((name, i) => {
    if (name === "") {
      throw new CsvError(
        `${where}: column ${i + 1} of the header has no name (delimiter ${JSON.stringify(delimiter)}). Name it or delete the empty column.`,
        file,
        header.line,
      );
    }
    const first = columns.indexOf(name);
    if (first < i) {
      throw new CsvError(
        `${where}: column ${i + 1} repeats the name "${name}" of column ${first + 1}. Column names must be unique.`,
        file,
        header.line,
      );
    }
  });
  return columns;
}
