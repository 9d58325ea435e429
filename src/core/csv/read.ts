import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { CsvError } from "../errors/csvError";
import { decodeCsvBytes } from "./decode";
import { checkHeader } from "./header";
import { LineIndex } from "./lineIndex";
import { sniffDelimiter } from "./sniff";
import type { CsvRecord, CsvTable } from "./table";

export { requireSourceColumn } from "./requireSource";

/** Reads and parses a CSV file; every failure (missing file, bad encoding, malformed rows) is a CsvError. */
export async function readCsvFile(path: string): Promise<CsvTable> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a folder" : `cannot be read (${code ?? error})`;
    throw new CsvError(`CSV file ${path} ${why}. Check the path.`, path);
  }
  return parseCsv(bytes, path);
}

/**
 * Parses CSV bytes (see decodeCsvBytes for the encoding rule, sniffDelimiter for the delimiter). Rows whose cells
 * are all blank are skipped (Excel leaves `;;;` rows behind); every other row must have as many fields as the
 * header. Records keep the line they start on, counted from the byte offsets csv-parse reports, because its
 * `info.lines` counts CRLF inside quoted cells twice.
 */
export function parseCsv(bytes: Uint8Array, file: string): CsvTable {
  const { text, encoding } = decodeCsvBytes(bytes, file);
  if (text.trim() === "") throw new CsvError(`${file} is empty. A CSV needs a header line with a "source" column and at least one row.`, file);
  const delimiter = sniffDelimiter(text);
  const buffer = Buffer.from(text, "utf8");
  const lines = new LineIndex(buffer);
  const rows: CsvRecord[] = [];
  let recordStart = 0;
  try {
    parse(buffer, {
      delimiter,
      record_delimiter: ["\r\n", "\n", "\r"],
      relax_column_count: true,
      // A stray quote inside an unquoted cell (`5" screen`) is kept as text, as Excel and pandas do.
      relax_quotes: true,
      on_record: (record: string[], context) => {
        if (!record.every((v) => v.trim() === "")) rows.push({ line: lines.lineAt(recordStart), values: record });
        recordStart = context.bytes;
        return null;
      },
    });
  } catch (error) {
    const line = lines.lineAt(recordStart);
    const what = (error as { code?: string }).code === "CSV_QUOTE_NOT_CLOSED"
      ? `the row starting on line ${line} has a quoted field that is never closed; add the missing closing quote (")`
      : `the row starting on line ${line} is malformed (${(error as Error).message})`;
    throw new CsvError(`${file}:${line}: ${what}.`, file, line);
  }
  const [header, ...records] = rows;
  if (header === undefined) throw new CsvError(`${file} has no header line, only blank rows. Add a header line with a "source" column.`, file);
  const columns = checkHeader(header, file, delimiter);
  for (const record of records) {
    if (record.values.length !== columns.length) {
      throw new CsvError(
        `${file}:${record.line}: the row has ${record.values.length} fields but the header has ${columns.length} (delimiter ${JSON.stringify(delimiter)}). Quote cells that contain the delimiter or line breaks.`,
        file,
        record.line,
      );
    }
  }
  return { file, columns, records, delimiter, encoding };
}
