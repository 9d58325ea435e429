/** A parsed CSV: header plus records, each remembering the 1-based line it starts on (for diagnostics). */
export interface CsvRecord {
  /** 1-based line number of the record's first character in the file. */
  line: number;
  /** Cell values, aligned with `CsvTable.columns`. */
  values: string[];
}

export type CsvEncoding = "utf-8" | "windows-1252";

export interface CsvTable {
  /** Path the table was read from (used in error messages). */
  file: string;
  columns: string[];
  records: CsvRecord[];
  delimiter: "," | ";" | "\t";
  encoding: CsvEncoding;
  /**
   * Set only for a results CSV whose sidecar marks its model cells as written with escapeFormula (see
   * formulaMark): the columns whose cells were unescaped while reading, so a rewrite escapes them again.
   */
  formulaColumns?: readonly string[];
}

/** Value of `column` in `record`, or "" when the column does not exist. */
export function cell(table: CsvTable, record: CsvRecord, column: string): string {
  const i = table.columns.indexOf(column);
  return i < 0 ? "" : (record.values[i] ?? "");
}
