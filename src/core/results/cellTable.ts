import { DiskArena } from "./diskArena";
import { MemoryArena } from "./memoryArena";

/** Cells at least this long (UTF-8 bytes) go to the disk arena: source letters, raw outputs. */
export const DISK_CELL_BYTES = 64;

/**
 * A table of text cells kept as one copy of their UTF-8 bytes: short cells packed in memory, long ones in a
 * temp file (see MemoryArena, DiskArena). Per cell it holds a position and a length in typed arrays, never a
 * JS string (8 bytes per cell plus the short texts), so 100,000 rows of letters cost tens of MB rather than the
 * hundreds a string[][] needs.
 * Rows are appended (reading a CSV) or addressed by index; a new column starts empty.
 */
export class CellTable {
  readonly columns: string[] = [];
  private readonly index = new Map<string, number>();
  /** Byte position in the memory arena, or in 8-byte units in the disk arena (see DiskArena.write). */
  private positions: Uint32Array[] = [];
  /** Length in bytes × 2, plus 1 when the cell is on disk; 0 is the empty cell. */
  private lengths: Uint32Array[] = [];
  private rows = 0;
  private capacity = 1024;
  private readonly memory = new MemoryArena();
  private disk: DiskArena | undefined;

  constructor(columns: readonly string[]) {
    for (const name of columns) this.addColumn(name);
  }

  get rowCount(): number {
    return this.rows;
  }

  columnIndex(name: string): number | undefined {
    return this.index.get(name);
  }

  /** Adds an empty column (no-op when it exists); returns its index. */
  addColumn(name: string): number {
    const known = this.index.get(name);
    if (known !== undefined) return known;
    this.index.set(name, this.columns.length);
    this.columns.push(name);
    this.positions.push(new Uint32Array(this.capacity));
    this.lengths.push(new Uint32Array(this.capacity));
    return this.columns.length - 1;
  }

  /** Appends a row of values in column order (missing trailing values are empty). */
  appendRow(values: readonly string[]): number {
    if (this.rows === this.capacity) this.grow();
    const row = this.rows++;
    for (let c = 0; c < values.length && c < this.columns.length; c++) this.set(row, c, values[c]!);
    return row;
  }

  get(row: number, column: number): string {
    const encoded = this.lengths[column]![row]!;
    if (encoded === 0) return "";
    const bytes = encoded >>> 1;
    const position = this.positions[column]![row]!;
    return encoded & 1 ? this.disk!.read(position, bytes, column) : this.memory.read(position, bytes);
  }

  set(row: number, column: number, value: string): void {
    if (row < 0 || row >= this.rows) throw new Error(`row ${row} out of range (${this.rows} rows)`);
    const bytes = Buffer.byteLength(value, "utf8");
    if (bytes === 0) {
      this.lengths[column]![row] = 0;
      return;
    }
    const onDisk = bytes >= DISK_CELL_BYTES;
    const position = onDisk ? (this.disk ??= new DiskArena()).write(value, bytes) : this.memory.write(value, bytes);
    this.positions[column]![row] = position;
    this.lengths[column]![row] = bytes * 2 + (onDisk ? 1 : 0);
  }

  /** Values of one row, in column order. */
  row(row: number): string[] {
    return this.columns.map((_, c) => this.get(row, c));
  }

  /** Drops the spare room kept for appending rows (a table read from a file gets no more rows). */
  trim(): void {
    if (this.capacity === this.rows) return;
    this.capacity = this.rows;
    this.positions = this.positions.map((old) => old.slice(0, this.rows));
    this.lengths = this.lengths.map((old) => old.slice(0, this.rows));
  }

  /** Releases the disk arena's temp file; the table must not be used afterwards. */
  close(): void {
    this.disk?.close();
    this.disk = undefined;
  }

  private grow(): void {
    this.capacity = Math.max(1024, this.capacity * 2);
    const bigger = (old: Uint32Array) => {
      const fresh = new Uint32Array(this.capacity);
      fresh.set(old);
      return fresh;
    };
    this.positions = this.positions.map(bigger);
    this.lengths = this.lengths.map(bigger);
  }
}
