import type { CsvHeader } from "./pushParser";
import { streamCsvBytes, streamCsvFile } from "./stream";
import type { CsvRecord, CsvTable } from "./table";

export { requireSourceColumn } from "./requireSource";

/**
 * Reads and parses a CSV file into memory; every failure (missing file, bad encoding, malformed rows) is a
 * CsvError. For files that may be large, stream them instead (streamCsvFile) and keep only what is needed.
 */
export async function readCsvFile(path: string): Promise<CsvTable> {
  const records: CsvRecord[] = [];
  const header = await streamCsvFile(path, { header: () => undefined, record: (r) => records.push(r) });
  return table(header, records);
}

/**
 * Parses CSV bytes (see decodeCsvBytes for the encoding rule, sniffDelimiter for the delimiter). Rows whose cells
 * are all blank are skipped (Excel leaves `;;;` rows behind); every other row must have as many fields as the
 * header. Records keep the line they start on, counted from the byte offsets csv-parse reports, because its
 * `info.lines` counts CRLF inside quoted cells twice.
 */
export function parseCsv(bytes: Uint8Array, file: string): CsvTable {
  const records: CsvRecord[] = [];
  const header = streamCsvBytes(bytes, file, { header: () => undefined, record: (r) => records.push(r) });
  return table(header, records);
}

function table(header: CsvHeader, records: CsvRecord[]): CsvTable {
  return { file: header.file, columns: header.columns, records, delimiter: header.delimiter, encoding: header.encoding, ...(header.formulaColumns && { formulaColumns: header.formulaColumns }) };
}
