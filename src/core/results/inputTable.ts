import type { CsvHeader } from "../csv/pushParser";
import { streamCsvFile } from "../csv/stream";
import type { CsvTable } from "../csv/table";
import { CellTable } from "./cellTable";

/** The input CSV as the results store holds it: cells in a CellTable, plus each record's 1-based start line. */
export interface InputTable extends CsvHeader {
  cells: CellTable;
  lines: number[];
}

/** Streams a CSV file into a CellTable: one copy of the cells, never the whole file or its text in memory. */
export async function readInputTable(path: string): Promise<InputTable> {
  let cells: CellTable | undefined;
  const lines: number[] = [];
  try {
    const header = await streamCsvFile(path, {
      header: (h) => (cells = new CellTable(h.columns)),
      record: (r) => {
        cells!.appendRow(r.values);
        lines.push(r.line);
      },
    });
    cells!.trim();
    return { ...header, cells: cells!, lines };
  } catch (error) {
    cells?.close();
    throw error;
  }
}

/** An InputTable of a CSV already parsed in memory (small files, tests). */
export function inputTableOf(table: CsvTable): InputTable {
  const cells = new CellTable(table.columns);
  for (const record of table.records) cells.appendRow(record.values);
  cells.trim();
  const lines = table.records.map((r) => r.line);
  return { file: table.file, columns: table.columns, delimiter: table.delimiter, encoding: table.encoding, formulaColumns: table.formulaColumns, cells, lines };
}
