import { statSync } from "node:fs";
import { previousRunOf } from "../core/ab/previousRun";
import type { RunListing } from "../core/history/runSummaryLine";
import { SqliteHistory } from "../storage/sqlite/sqliteHistory";

/**
 * The history's listing for the "Compare with last run" CodeLens, re-read only when the database file changes
 * (lenses are asked for on every keystroke; the file is opened under a lock each time).
 */
export class PreviousRunLookup {
  private readonly cache = new Map<string, { stamp: string; runs: Promise<RunListing[]> }>();

  async previousRun(historyFile: string, promptFile: string): Promise<RunListing | undefined> {
    let stamp: string;
    try {
      const s = statSync(historyFile);
      // A commit may sit in the write-ahead log until the last connection closes.
      const wal = statSync(`${historyFile}-wal`, { throwIfNoEntry: false });
      stamp = `${s.size}:${s.mtimeMs}:${wal?.size ?? 0}:${wal?.mtimeMs ?? 0}`;
    } catch {
      return undefined; // no history yet
    }
    let entry = this.cache.get(historyFile);
    if (entry?.stamp !== stamp) {
      entry = { stamp, runs: new SqliteHistory(historyFile).list() };
      this.cache.set(historyFile, entry);
      entry.runs.catch(() => this.cache.delete(historyFile));
    }
    return previousRunOf(await entry.runs, promptFile);
  }
}
