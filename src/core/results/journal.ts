import { appendFileSync, existsSync, readFileSync, rmSync } from "node:fs";

/** One finished row of one model, as appended to the journal. */
export interface JournalEntry {
  row: number;
  /** Hash of the row's source text: a journal from another dataset is never applied. */
  sourceHash: string;
  cells: Record<string, string>;
}

/**
 * Append-only log of finished rows beside the results CSV. Appending a line per row is cheap, so every
 * finished row survives a crash or SIGKILL even though the CSV itself is only rewritten now and then.
 * It is emptied after each successful save of the CSV.
 */
export class Journal {
  constructor(readonly file: string) {}

  append(entry: JournalEntry): void {
    appendFileSync(this.file, JSON.stringify(entry) + "\n");
  }

  /** Entries written before a crash. A torn last line (killed mid-write) is ignored. */
  read(): JournalEntry[] {
    if (!existsSync(this.file)) return [];
    const entries: JournalEntry[] = [];
    for (const line of readFileSync(this.file, "utf8").split("\n")) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as JournalEntry;
        if (Number.isInteger(entry.row) && typeof entry.sourceHash === "string" && entry.cells) entries.push(entry);
      } catch {
        // a line cut short by a kill: that row is simply run again
      }
    }
    return entries;
  }

  clear(): void {
    rmSync(this.file, { force: true });
  }
}

/** FNV-1a, 32 bit: a cheap fingerprint, not a security measure. */
export function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}
