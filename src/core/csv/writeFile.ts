import { writeSync } from "node:fs";
import { writeFileAtomicWith } from "../fs/atomicWrite";
import { formatRow } from "./write";

/** Characters gathered before each write: few system calls, and never the whole file as one string. */
const FLUSH_CHARS = 1 << 20;

/**
 * Writes the same bytes as `formatCsv(columns, rows)` to `file`, atomically, but row by row: `rowAt(i)` is
 * asked for each row in order and the text goes to the temp file in ~1 MiB pieces. Returns the bytes written.
 */
export function writeCsvFileAtomic(file: string, columns: readonly string[], rowCount: number, rowAt: (row: number) => readonly string[]): number {
  let written = 0;
  let buffer = Buffer.allocUnsafe(0);
  writeFileAtomicWith(file, (fd) => {
    let parts: string[] = [formatRow(columns)];
    let chars = parts[0]!.length;
    const flush = () => {
      // The final newline rides on the last piece, as formatCsv ends with one.
      const text = parts.join("\n") + "\n";
      // One buffer reused for every piece: a 200 MB rewrite should not leave 200 MB of garbage behind.
      if (buffer.length < text.length * 3) buffer = Buffer.allocUnsafe(text.length * 3);
      const bytes = buffer.write(text, 0, "utf8");
      for (let at = 0; at < bytes; ) at += writeSync(fd, buffer, at, bytes - at);
      written += bytes;
      parts = [];
      chars = 0;
    };
    for (let row = 0; row < rowCount; row++) {
      const cells = rowAt(row);
      if (cells.length !== columns.length) throw new Error(`writeCsvFileAtomic: row ${row} has ${cells.length} cells, expected ${columns.length}`);
      const line = formatRow(cells);
      parts.push(line);
      chars += line.length;
      if (chars >= FLUSH_CHARS) flush();
    }
    if (parts.length > 0) flush();
  });
  return written;
}
