import { existsSync, readFileSync } from "node:fs";
import { parseCsv } from "../csv/read";
import type { CsvTable } from "../csv/table";
import { formatCsv } from "../csv/write";
import { UserError } from "../errors/userError";
import { writeFileAtomic } from "../fs/atomicWrite";
import { factColumn, modelColumns } from "./columns";
import { hashText, Journal } from "./journal";

/**
 * The results CSV in memory: the input's columns plus each model's `pred_`/`raw_` columns. Finished rows go to
 * the journal at once and to the CSV (atomically) on `save()`, so a rerun resumes where the last one stopped.
 */
export class ResultsStore {
  private readonly index = new Map<string, number>();
  private readonly journal: Journal;
  private pending = 0;

  private constructor(
    readonly file: string,
    readonly columns: string[],
    readonly rows: string[][],
    /** Each row's source text (the prompt input). */
    readonly sources: readonly string[],
  ) {
    columns.forEach((c, i) => this.index.set(c, i));
    this.journal = new Journal(`${file}.journal`);
  }

  /**
   * Starts from the existing results file when there is one (it must hold the same rows as the input CSV),
   * replays the journal of an interrupted run, and adds any missing model columns.
   */
  static open(file: string, input: CsvTable, fields: readonly string[], models: readonly string[]): ResultsStore {
    const sourceAt = input.columns.indexOf("source");
    const sources = input.records.map((r) => r.values[sourceAt] ?? "");
    const columns = [...input.columns];
    const rows = input.records.map((r) => [...r.values]);
    if (existsSync(file)) {
      // The input's own cells come from the input (a corrected target counts); earlier model columns are kept.
      const previous = parseCsv(readFileSync(file), file);
      checkSameRows(previous, sources, input.file);
      previous.columns.forEach((name, at) => {
        if (columns.includes(name)) return;
        columns.push(name);
        rows.forEach((values, i) => values.push(previous.records[i]?.values[at] ?? ""));
      });
    }
    const store = new ResultsStore(file, columns, rows, sources);
    for (const model of models) store.addColumns(modelColumns(model, fields));
    store.replayJournal();
    return store;
  }

  get rowCount(): number {
    return this.rows.length;
  }

  get(row: number, column: string): string {
    const i = this.index.get(column);
    return i === undefined ? "" : (this.rows[row]?.[i] ?? "");
  }

  /** A row counts as done for a model once its validity has been recorded. */
  isDone(row: number, model: string): boolean {
    return this.get(row, factColumn(model, "valid")) !== "";
  }

  /** Records a finished row: in memory and, durably, in the journal. */
  setRow(row: number, cells: Record<string, string>): void {
    this.apply(row, cells);
    this.journal.append({ row, sourceHash: hashText(this.sources[row] ?? ""), cells });
    this.pending++;
  }

  /** Rows recorded since the last save. */
  get unsaved(): number {
    return this.pending;
  }

  save(): void {
    writeFileAtomic(this.file, formatCsv(this.columns, this.rows));
    this.journal.clear();
    this.pending = 0;
  }

  private apply(row: number, cells: Record<string, string>): void {
    const values = this.rows[row];
    if (!values) throw new Error(`row ${row} out of range (${this.rows.length} rows)`);
    for (const [column, value] of Object.entries(cells)) {
      const i = this.index.get(column);
      if (i === undefined) throw new Error(`unknown results column ${column}`);
      values[i] = value;
    }
  }

  private addColumns(names: readonly string[]): void {
    for (const name of names) {
      if (this.index.has(name)) continue;
      this.index.set(name, this.columns.length);
      this.columns.push(name);
      for (const values of this.rows) values.push("");
    }
  }

  private replayJournal(): void {
    for (const entry of this.journal.read()) {
      const known = Object.keys(entry.cells).every((c) => this.index.has(c));
      if (entry.row < this.rows.length && known && entry.sourceHash === hashText(this.sources[entry.row] ?? "")) {
        this.apply(entry.row, entry.cells);
        this.pending++;
      }
    }
  }
}

function checkSameRows(previous: CsvTable, sources: string[], inputFile: string): void {
  const at = previous.columns.indexOf("source");
  const same =
    at >= 0 &&
    previous.records.length === sources.length &&
    previous.records.every((r, i) => (r.values[at] ?? "") === sources[i]);
  if (!same) {
    throw new UserError(
      `${previous.file} holds results for different rows than ${inputFile} ` +
        `(${previous.records.length} vs ${sources.length} rows, or a changed source text). ` +
        `Nothing was overwritten. Move or delete ${previous.file}, or choose another output file (--output).`,
      previous.file,
    );
  }
}
