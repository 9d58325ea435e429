import { closeSync, existsSync, ftruncateSync, openSync, readSync, rmSync, statSync, writeSync } from "node:fs";
import { guardWrite } from "../fs/guardWrite";

/** One finished row of one model, as appended to the journal. */
export interface JournalEntry {
  row: number;
  /** Hash of the row's source text: a journal from another dataset is never applied. */
  sourceHash: string;
  cells: Record<string, string>;
}

const READ_CHUNK = 1 << 20;

/** Closes the append descriptor of a journal that was never closed (a run that threw). */
const unclosed = new FinalizationRegistry<{ fd?: number }>((held) => {
  if (held.fd !== undefined) closeSync(held.fd);
});

/**
 * Append-only log of finished rows beside the results CSV. Appending a line per row is cheap, so every
 * finished row survives a crash or SIGKILL even though the CSV itself is only rewritten now and then.
 * It is emptied after each successful save of the CSV.
 */
export class Journal {
  private readonly held: { fd?: number } = {};
  private bytes: number;

  constructor(readonly file: string) {
    this.bytes = existsSync(file) ? statSync(file).size : 0;
    unclosed.register(this, this.held, this);
  }

  /** Size of the journal file in bytes. */
  get size(): number {
    return this.bytes;
  }

  /** Appends one line; a full or read-only disk throws a DiskWriteError naming the journal, with no torn line left. */
  append(entry: JournalEntry): void {
    guardWrite(this.file, () => {
      // One write() per row on a descriptor kept open: the line is in the kernel's hands once this returns,
      // so a killed process keeps it; only a power cut could lose it, as before.
      if (this.held.fd === undefined) {
        this.held.fd = openSync(this.file, "a");
        // A line torn by a kill would swallow the next entry; start it on a line of its own.
        if (this.bytes > 0 && !endsWithNewline(this.file, this.bytes)) this.write("\n");
      }
      this.write(JSON.stringify(entry) + "\n");
    });
  }

  private write(text: string): void {
    const line = Buffer.from(text, "utf8");
    try {
      for (let at = 0; at < line.length; ) at += writeSync(this.held.fd!, line, at, line.length - at);
    } catch (error) {
      // A disk that filled up mid-line: cut the part that was written, so the journal stays whole lines.
      try {
        ftruncateSync(this.held.fd!, this.bytes);
      } catch {
        // the reader skips a torn last line anyway
      }
      throw error;
    }
    this.bytes += line.length;
  }

  /** Entries written before a crash, in order. A torn last line (killed mid-write) is ignored. */
  forEach(each: (entry: JournalEntry) => void): void {
    if (!existsSync(this.file)) return;
    const fd = openSync(this.file, "r");
    try {
      let rest = "";
      const decoder = new TextDecoder("utf-8");
      for (let position = 0; ; ) {
        const buffer = Buffer.allocUnsafe(READ_CHUNK);
        const got = readSync(fd, buffer, 0, READ_CHUNK, position);
        position += got;
        const text = rest + decoder.decode(buffer.subarray(0, got), { stream: got > 0 });
        const lines = text.split("\n");
        rest = got > 0 ? lines.pop()! : "";
        for (const line of lines) parseLine(line, each);
        if (got === 0) return;
      }
    } finally {
      closeSync(fd);
    }
  }

  read(): JournalEntry[] {
    const entries: JournalEntry[] = [];
    this.forEach((entry) => entries.push(entry));
    return entries;
  }

  clear(): void {
    this.close();
    rmSync(this.file, { force: true });
    this.bytes = 0;
  }

  /** Closes the append descriptor (the file stays). */
  close(): void {
    if (this.held.fd !== undefined) closeSync(this.held.fd);
    this.held.fd = undefined;
  }
}

function endsWithNewline(file: string, size: number): boolean {
  const fd = openSync(file, "r");
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

function parseLine(line: string, each: (entry: JournalEntry) => void): void {
  if (!line.trim()) return;
  let entry: JournalEntry;
  try {
    entry = JSON.parse(line) as JournalEntry;
  } catch {
    return; // a line cut short by a kill: that row is simply run again
  }
  if (Number.isInteger(entry.row) && typeof entry.sourceHash === "string" && entry.cells) each(entry);
}

/** FNV-1a, 32 bit: a cheap fingerprint, not a security measure. */
export function hashText(text: string): string {
  return hashHex(hashNumber(text));
}

/** hashText as an unsigned 32-bit number (kept per row in a Uint32Array). */
export function hashNumber(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function hashHex(hash: number): string {
  return hash.toString(16).padStart(8, "0");
}
