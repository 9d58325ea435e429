import { statSync } from "node:fs";
import { resolve } from "node:path";
import { escapeFormula } from "../csv/formulaEscape";
import { streamCsvFileSync } from "../csv/stream";
import type { CsvTable } from "../csv/table";
import { writeCsvFileAtomic } from "../csv/writeFile";
import { UserError } from "../errors/userError";
import type { CellTable } from "./cellTable";
import { factColumn, modelColumns, modelsInColumns } from "./columns";
import { FormulaColumns } from "./formulaColumns";
import { inputTableOf, type InputTable } from "./inputTable";
import { hashHex, hashNumber, Journal } from "./journal";
import { lazyTexts } from "./lazyTexts";
import { DEFAULT_KEYS, rowKey } from "./rowKey";
import { RunMeta } from "./runMeta";
import { SavePolicy, type SaveCadence } from "./savePolicy";

/** CSV injection: whether model cells are written with escapeFormula, and where that is recorded. */
export interface FormulaOptions {
  /** Default true; `--no-escape-formulas`, setting promptBench.escapeFormulas. */
  escape?: boolean;
  /** The run's meta, which gets the mark before each save (default: the results file's own, read at each save). */
  meta?: RunMeta;
}

/**
 * The results CSV being written: the input's columns plus each model's `pred_`/`raw_` columns, held once (see
 * CellTable). Finished rows go to the journal at once and to the CSV (atomically, streamed) when `saveDue()`
 * says so (by time and journal size, see SavePolicy) and at the end, so a rerun resumes where the last one stopped.
 */
export class ResultsStore {
  private readonly journal: Journal;
  private readonly policy: SavePolicy;
  private pending = 0;
  /** Input columns and this run's models' columns; every other column on disk belongs to someone else. */
  private owned = new Set<string>();
  /** The results file as last read or written by this store (see save). */
  private seen: FileVersion | undefined;
  private inputFile = "";
  /** Each row's source text, read from the table when asked (a view, not a copy). */
  readonly sources: readonly string[];

  private constructor(
    readonly file: string,
    private readonly cells: CellTable,
    /** FNV-1a of each row's key (its input texts, see rowKey: the journal's guard), as numbers. */
    private readonly sourceHashes: Uint32Array,
    /** 1-based line of each row in the input CSV. */
    readonly lines: readonly number[],
    cadence: Partial<SaveCadence>,
    private readonly formulas: FormulaColumns,
    private readonly formulaOptions: FormulaOptions,
    /** The input columns that identify a row (see rowKey). */
    private readonly keys: readonly string[],
  ) {
    this.journal = new Journal(`${file}.journal`);
    this.policy = new SavePolicy(cadence);
    const source = cells.columnIndex("source");
    this.sources = lazyTexts(cells.rowCount, (row) => (source === undefined ? "" : cells.get(row, source)));
  }

  /**
   * Starts from the existing results file when there is one (it must hold the same rows as the input CSV),
   * replays the journal of an interrupted run, and adds any missing model columns. The store owns `input`'s
   * cells from here on (close() releases them).
   */
  static open(file: string, input: InputTable | CsvTable, fields: readonly string[], models: readonly string[], cadence: Partial<SaveCadence> = {}, formulaOptions: FormulaOptions = {}, keys: readonly string[] = DEFAULT_KEYS): ResultsStore {
    const table = "records" in input ? inputTableOf(input) : input;
    const cells = table.cells;
    const formulas = new FormulaColumns();
    // Re-scoring a results CSV in place reads it as the input: its model columns are results, not input.
    if (resolve(table.file) === resolve(file)) formulas.addResults(table);
    else formulas.addInput(table);
    try {
      const hashes = new Uint32Array(cells.rowCount);
      for (let row = 0; row < cells.rowCount; row++) {
        const key = rowKey(cells.columns, keys, (at) => cells.get(row, at));
        hashes[row] = key === undefined ? 0 : hashNumber(key);
      }
      const inputColumns = [...cells.columns];
      // Taken before reading: a change made while reading is merged at the first save.
      const seen = versionOf(file);
      // The input's own cells come from the input (a corrected target counts); earlier model columns are kept.
      if (seen) copyColumnsFrom(file, cells, (name) => cells.columnIndex(name) === undefined, differentRowsError(file, table.file), formulas, keys);
      const store = new ResultsStore(file, cells, hashes, table.lines, cadence, formulas, formulaOptions, keys);
      for (const model of models) for (const name of modelColumns(model, fields)) cells.addColumn(name);
      for (const model of models) formulas.addModel(modelColumns(model, fields));
      store.owned = new Set([...inputColumns, ...models.flatMap((m) => modelColumns(m, fields))]);
      store.seen = seen;
      store.inputFile = table.file;
      store.replayJournal();
      return store;
    } catch (error) {
      cells.close();
      throw error;
    }
  }

  get columns(): readonly string[] {
    return this.cells.columns;
  }

  get rowCount(): number {
    return this.cells.rowCount;
  }

  get(row: number, column: string): string {
    const i = this.cells.columnIndex(column);
    return i === undefined || row < 0 || row >= this.cells.rowCount ? "" : this.cells.get(row, i);
  }

  /** A row counts as done for a model once its validity has been recorded. */
  isDone(row: number, model: string): boolean {
    return this.get(row, factColumn(model, "valid")) !== "";
  }

  /** Records a finished row: in memory and, durably, in the journal. */
  setRow(row: number, cells: Record<string, string>): void {
    this.apply(row, cells);
    this.journal.append({ row, sourceHash: hashHex(this.sourceHashes[row] ?? 0), cells });
    this.pending++;
  }

  /** Rows recorded since the last save. */
  get unsaved(): number {
    return this.pending;
  }

  /** Whether a full rewrite of the CSV is due now (see SavePolicy); call save() when it is. */
  saveDue(): boolean {
    return this.policy.due(this.pending, this.journal.size);
  }

  /**
   * Rewrites the results CSV (streamed to a temp file, then renamed over it) and empties the journal. If the file
   * changed on disk since this store last read or wrote it (another writer, despite the lock), the columns this
   * store does not own are first taken from disk, so no other model's columns are lost. Model cells a spreadsheet
   * would run as formulas are neutralised (see escapeFormula) unless that is turned off; the meta records it
   * first, as a crash between the two writes is then the least harmful (see README, CSV injection).
   */
  save(): void {
    this.policy.save(() => {
      this.mergeFromDisk();
      const count = this.cells.columns.length;
      const escaped = this.formulaOptions.escape === false ? undefined : this.formulas.of(this.cells.columns);
      (this.formulaOptions.meta ?? this.ownMeta(escaped)).markFormulas(escaped);
      const escapeAt = this.cells.columns.map((name) => escaped?.includes(name) ?? false);
      const values: string[] = new Array<string>(count);
      writeCsvFileAtomic(this.file, this.cells.columns, this.cells.rowCount, (row) => {
        for (let c = 0; c < count; c++) values[c] = escapeAt[c] ? escapeFormula(this.cells.get(row, c)) : this.cells.get(row, c);
        return values;
      });
    });
    this.seen = versionOf(this.file);
    this.journal.clear();
    this.pending = 0;
  }

  /**
   * The results file's meta when no run passed one in. A meta file created here for the mark names the models of
   * the escaped columns, or readers would take its empty model list as "no models" (see readRecordedModels).
   */
  private ownMeta(escaped: readonly string[] | undefined): RunMeta {
    const meta = RunMeta.open(this.file);
    if (meta.models() === undefined) meta.adoptByName(modelsInColumns(escaped ?? []));
    return meta;
  }

  private mergeFromDisk(): void {
    const now = versionOf(this.file);
    if (!now || sameVersion(now, this.seen)) return;
    copyColumnsFrom(this.file, this.cells, (name) => !this.owned.has(name), () => {
      throw new UserError(
        `${this.file} was replaced while this run was writing it, by results for other rows than ${this.inputFile}. ` +
          `It was left as it is; this run's finished rows are kept in ${this.file}.journal. Move that file away (or ` +
          `choose another output file, --output) and run again.`,
        this.file,
      );
    }, this.formulas, this.keys);
  }

  /** Releases the journal's descriptor and the table's temp file. Unsaved rows stay in the journal. */
  close(): void {
    this.journal.close();
    this.cells.close();
  }

  private apply(row: number, cells: Record<string, string>): void {
    if (row < 0 || row >= this.cells.rowCount) throw new Error(`row ${row} out of range (${this.cells.rowCount} rows)`);
    for (const [column, value] of Object.entries(cells)) {
      const i = this.cells.columnIndex(column);
      if (i === undefined) throw new Error(`unknown results column ${column}`);
      this.cells.set(row, i, value);
    }
  }

  private replayJournal(): void {
    this.journal.forEach((entry) => {
      const known = Object.keys(entry.cells).every((c) => this.cells.columnIndex(c) !== undefined);
      if (entry.row >= 0 && entry.row < this.cells.rowCount && known && entry.sourceHash === hashHex(this.sourceHashes[entry.row] ?? 0)) {
        this.apply(entry.row, entry.cells);
        this.pending++;
      }
    });
  }
}

/** Identifies one version of a file: every save renames a new file into place (new inode, new mtime). */
interface FileVersion {
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
}

function versionOf(file: string): FileVersion | undefined {
  const s = statSync(file, { bigint: true, throwIfNoEntry: false });
  return s && { ino: s.ino, size: s.size, mtimeNs: s.mtimeNs };
}

function sameVersion(a: FileVersion, b: FileVersion | undefined): boolean {
  return b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs;
}

function differentRowsError(file: string, inputFile: string): (rows: number, expected: number) => never {
  return (rows, expected) => {
    throw new UserError(
      `${file} holds results for different rows than ${inputFile} ` +
        `(${rows} vs ${expected} rows, or a changed source text). ` +
        `Nothing was overwritten. Move or delete ${file}, or choose another output file (--output).`,
      file,
    );
  };
}

/**
 * Streams a results file and copies the columns `take` picks into `cells` (added when missing): at open, the
 * columns the input lacks (earlier models' outputs); at a save, the columns of models another writer owns. Its
 * rows must be the input's rows (same count, same keys: source texts, or the inputs' texts), or `mismatch` is called (it throws).
 */
function copyColumnsFrom(
  file: string,
  cells: CellTable,
  take: (name: string) => boolean,
  mismatch: (rows: number, expected: number) => never,
  formulas: FormulaColumns,
  keys: readonly string[],
): void {
  const ownColumns = [...cells.columns]; // the key columns are the input's, there before any added here
  let previous: readonly string[] = [];
  let targets: number[] = [];
  let rows = 0;
  let same = true;
  streamCsvFileSync(file, {
    header: (header) => {
      previous = header.columns;
      same = rowKey(previous, keys, () => "") !== undefined;
      formulas.addResults(header, take);
      targets = header.columns.map((name) => (take(name) ? cells.addColumn(name) : -1));
    },
    record: (record) => {
      const row = rows++;
      const key = row < cells.rowCount ? rowKey(ownColumns, keys, (at) => cells.get(row, at)) : undefined;
      if (!same || key === undefined || rowKey(previous, keys, (at) => record.values[at] ?? "") !== key) {
        same = false;
        return;
      }
      record.values.forEach((value, at) => {
        const to = targets[at]!;
        if (to >= 0 && cells.get(row, to) !== value) cells.set(row, to, value);
      });
    },
  });
  if (!same || rows !== cells.rowCount) mismatch(rows, cells.rowCount);
}
