import { Parser } from "csv-parse";
import { CsvError } from "../errors/csvError";
import { checkHeader } from "./header";
import { LineCounter } from "./lineCounter";
import { sniffHeader, type Delimiter } from "./sniff";
import type { CsvEncoding, CsvRecord, CsvTable } from "./table";
import { decodeWindows1252 } from "./windows1252";

/** What a CSV is known to be once its header line has been read. */
export type CsvHeader = Pick<CsvTable, "file" | "columns" | "delimiter" | "encoding" | "formulaColumns">;

export interface CsvSink {
  header(header: CsvHeader): void;
  record(record: CsvRecord): void;
}

/** Header lines longer than this are sniffed from their start (no real header is that long). */
const SNIFF_LIMIT = 1 << 20;

interface CsvParseApi {
  parse(buf: Buffer | undefined, end: boolean, push: (record: unknown) => void, close: () => void): Error | undefined;
}

/**
 * Parses a CSV fed in byte chunks, so a large file is never held whole (nor twice: raw bytes, text, records).
 * The rules are those of parseCsv: the encoding is decided beforehand from all bytes (see decodeCsvBytes),
 * the delimiter is sniffed from the header line, all-blank rows are skipped, every other row must have as many
 * fields as the header, and each record keeps the line it starts on.
 */
export class CsvPushParser {
  private readonly lines = new LineCounter();
  /** The first bytes, held until it is known whether they start with a BOM. */
  private pre: Buffer[] = [];
  private preBytes = 0;
  private started = false;
  /** Bytes held until the header line is complete (the delimiter is sniffed from it). */
  private held: Buffer[] = [];
  private heldBytes = 0;
  private readonly heldText = new TextDecoder("utf-8");
  private headString = "";
  private parser: CsvParseApi | undefined;
  private columns: string[] | undefined;
  private delimiter: Delimiter = ",";
  private recordStart = 0;
  private failure: Error | undefined;
  private known: CsvHeader | undefined;

  constructor(
    readonly file: string,
    readonly encoding: CsvEncoding,
    private readonly sink: CsvSink,
  ) {}

  /** Columns, delimiter and encoding, once the header line has been read. */
  get header(): CsvHeader | undefined {
    return this.known;
  }

  write(chunk: Uint8Array): void {
    const bytes = this.encoding === "utf-8" ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.from(decodeWindows1252(chunk), "utf8");
    if (this.started) return this.route(bytes);
    this.pre.push(Buffer.from(bytes)); // copies: the caller reuses its read buffers
    this.preBytes += bytes.length;
    if (this.preBytes >= 3) this.start();
  }

  end(): void {
    if (!this.started) this.start();
    if (!this.parser) this.sniff(Buffer.alloc(0), true);
    if (!this.lines.sawContent) throw new CsvError(`${this.file} is empty. A CSV needs a header line with a "source" column and at least one row.`, this.file);
    this.run(undefined, true);
    if (this.columns === undefined) throw new CsvError(`${this.file} has no header line, only blank rows. Add a header line with a "source" column.`, this.file);
  }

  /** The BOM is dropped (as TextDecoder does), so it never leaks into the first column name. */
  private start(): void {
    let bytes = Buffer.concat(this.pre);
    this.pre = [];
    this.started = true;
    if (this.encoding === "utf-8" && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    this.route(bytes);
  }

  private route(bytes: Buffer): void {
    if (this.parser) this.feed(bytes);
    else this.sniff(bytes, false);
  }

  /** Holds the first bytes back until the header line is complete, then starts csv-parse with its delimiter. */
  private sniff(bytes: Buffer, atEnd: boolean): void {
    if (bytes.length > 0) {
      this.held.push(Buffer.from(bytes));
      this.heldBytes += bytes.length;
      this.headString += this.heldText.decode(bytes, { stream: true });
    }
    const delimiter = sniffHeader(this.headString, atEnd || this.heldBytes >= SNIFF_LIMIT);
    if (delimiter === undefined) return;
    this.delimiter = delimiter;
    const parser = new Parser({
      delimiter,
      record_delimiter: ["\r\n", "\n", "\r"],
      relax_column_count: true,
      // A stray quote inside an unquoted cell (`5" screen`) is kept as text, as Excel and pandas do.
      relax_quotes: true,
      on_record: (record: string[], context) => this.onRecord(record, context.bytes),
    });
    // The push API under csv-parse's stream (what its sync parse uses too), called directly so that no stream
    // machinery or buffering sits between the file and the records.
    this.parser = (parser as unknown as { api: CsvParseApi }).api;
    const held = Buffer.concat(this.held);
    this.held = [];
    this.headString = "";
    this.feed(held);
  }

  private feed(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.lines.push(bytes);
    this.run(bytes, false);
  }

  private run(bytes: Buffer | undefined, end: boolean): void {
    if (end) this.lines.end();
    const error = this.parser?.parse(bytes, end, () => undefined, () => undefined) ?? this.failure;
    if (this.failure) throw this.failure;
    if (error === undefined) return;
    if (error instanceof CsvError) throw error;
    const line = this.lines.lineAt(this.recordStart);
    const what = (error as { code?: string }).code === "CSV_QUOTE_NOT_CLOSED"
      ? `the row starting on line ${line} has a quoted field that is never closed; add the missing closing quote (")`
      : `the row starting on line ${line} is malformed (${error.message})`;
    throw new CsvError(`${this.file}:${line}: ${what}.`, this.file, line);
  }

  private onRecord(values: string[], end: number): null {
    const line = this.lines.lineAt(this.recordStart);
    this.recordStart = end;
    this.lines.forgetBefore(end);
    if (this.failure || values.every((v) => v.trim() === "")) return null;
    const record: CsvRecord = { line, values };
    try {
      if (this.columns === undefined) {
        this.columns = checkHeader(record, this.file, this.delimiter);
        this.known = { file: this.file, columns: this.columns, delimiter: this.delimiter, encoding: this.encoding };
        this.sink.header(this.known);
      } else if (values.length !== this.columns.length) {
        throw new CsvError(
          `${this.file}:${line}: the row has ${values.length} fields but the header has ${this.columns.length} (delimiter ${JSON.stringify(this.delimiter)}). Quote cells that contain the delimiter or line breaks.`,
          this.file,
          line,
        );
      } else this.sink.record(record);
    } catch (error) {
      this.failure = error as Error;
    }
    return null;
  }
}
