import { closeSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
import { CsvError } from "../errors/csvError";
import { markHeader, readFormulaMark, unescapingSink } from "./formulaMark";
import { CsvPushParser, type CsvHeader, type CsvSink } from "./pushParser";
import type { CsvEncoding } from "./table";
import { refuseNonText } from "./textCheck";
import { Utf8Check } from "./utf8Check";

export type { CsvHeader, CsvSink };

/** Read size: large enough for few system calls, small enough that a big file is never held whole. */
export const CHUNK_BYTES = 1 << 20;

/**
 * Refuses UTF-16 and files that are not text (from the first bytes, see refuseNonText); the returned check
 * decides UTF-8 vs windows-1252 (see decodeCsvBytes).
 */
function encodingOf(first: Uint8Array, file: string): Utf8Check {
  if ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff)) {
    throw new CsvError(
      `${file} is UTF-16 encoded (Excel's "Unicode Text"). Save it as "CSV UTF-8" or "CSV (comma/semicolon delimited)" and try again.`,
      file,
    );
  }
  refuseNonText(first, file);
  return new Utf8Check();
}

/** A results CSV marked as written with escapeFormula is read back as the model's text (see formulaMark). */
function sinkFor(path: string, sink: CsvSink): { sink: CsvSink; header: (header: CsvHeader) => CsvHeader } {
  const escaped = readFormulaMark(path);
  if (!escaped) return { sink, header: (header) => header };
  return { sink: unescapingSink(escaped, sink), header: (header) => markHeader(header, escaped) };
}

/** Parses CSV bytes already in memory, handing each record to `sink` (parseCsv's rules). */
export function streamCsvBytes(bytes: Uint8Array, file: string, sink: CsvSink): CsvHeader {
  const check = encodingOf(bytes, file);
  check.push(bytes);
  const parser = new CsvPushParser(file, check.end() ? "utf-8" : "windows-1252", sink);
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) parser.write(bytes.subarray(at, at + CHUNK_BYTES));
  return finish(parser);
}

/**
 * Parses a CSV file chunk by chunk (two passes: the encoding needs every byte), without blocking. A results CSV
 * whose sidecar marks formula escaping hands `sink` the unescaped cells (see formulaMark).
 */
export async function streamCsvFile(path: string, sink: CsvSink): Promise<CsvHeader> {
  const handle = await open(path, "r").catch((error: unknown) => {
    throw unreadable(path, error);
  });
  try {
    const buffers = new ChunkBuffers();
    const readAll = async (each: (chunk: Buffer) => void) => {
      for (let position = 0; ; ) {
        const buffer = buffers.next();
        const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position).catch((error: unknown) => {
          throw unreadable(path, error);
        });
        if (bytesRead === 0) return;
        each(buffer.subarray(0, bytesRead));
        position += bytesRead;
      }
    };
    const encoding = await (async () => {
      let check: Utf8Check | undefined;
      await readAll((chunk) => (check ??= encodingOf(chunk, path)).push(chunk));
      return !check || check.end() ? "utf-8" : "windows-1252";
    })();
    const marked = sinkFor(path, sink);
    const parser = new CsvPushParser(path, encoding as CsvEncoding, marked.sink);
    await readAll((chunk) => parser.write(chunk));
    return marked.header(finish(parser));
  } finally {
    await handle.close();
  }
}

/** streamCsvFile for synchronous callers (the results store opens its files synchronously). */
export function streamCsvFileSync(path: string, sink: CsvSink): CsvHeader {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    throw unreadable(path, error);
  }
  try {
    const buffers = new ChunkBuffers();
    const readAll = (each: (chunk: Buffer) => void) => {
      for (let position = 0; ; ) {
        const buffer = buffers.next();
        const bytesRead = readSync(fd, buffer, 0, CHUNK_BYTES, position);
        if (bytesRead === 0) return;
        each(buffer.subarray(0, bytesRead));
        position += bytesRead;
      }
    };
    let check: Utf8Check | undefined;
    readAll((chunk) => (check ??= encodingOf(chunk, path)).push(chunk));
    const marked = sinkFor(path, sink);
    const parser = new CsvPushParser(path, !check || check.end() ? "utf-8" : "windows-1252", marked.sink);
    readAll((chunk) => parser.write(chunk));
    return marked.header(finish(parser));
  } finally {
    closeSync(fd);
  }
}

/**
 * Two read buffers used in turn. csv-parse keeps a view of a chunk's unparsed tail until the next chunk arrives,
 * so a buffer may be refilled only after the following chunk was parsed; reusing them (rather than allocating
 * 1 MiB per read) keeps a large file's read from piling up garbage the GC frees late.
 */
class ChunkBuffers {
  private readonly pair = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
  private turn = 0;

  next(): Buffer {
    this.turn ^= 1;
    return this.pair[this.turn]!;
  }
}

function finish(parser: CsvPushParser): CsvHeader {
  parser.end();
  return parser.header!;
}

function unreadable(path: string, error: unknown): CsvError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a folder" : `cannot be read (${code ?? error})`;
  return new CsvError(`CSV file ${path} ${why}. Check the path.`, path);
}
