import { createRequire } from "node:module";
import type { Database } from "node-sqlite3-wasm";
import { HistoryError } from "../../core/errors/historyError";
import { migrate } from "./schema";

let sqlite: typeof import("node-sqlite3-wasm") | undefined;

/**
 * Opens the history database (inside withHistoryLock) and brings its schema up to date. Loaded on first use:
 * the WebAssembly SQLite compiles at require time, which other commands need not pay.
 *
 * WAL in exclusive locking mode: this SQLite build cannot tell a hot rollback journal from its own lock, so after
 * a kill -9 in rollback-journal mode it would read half-written pages (seen in tests: "database disk image is
 * malformed"). A WAL is replayed up to its last complete commit instead, and exclusive mode needs no shared memory,
 * which this build lacks.
 */
export function openHistoryDatabase(file: string): Database {
  sqlite ??= createRequire(__filename)("node-sqlite3-wasm") as typeof import("node-sqlite3-wasm");
  let db: Database;
  try {
    db = new sqlite.Database(file);
  } catch (error) {
    throw new HistoryError(`Cannot open the history database ${file}: ${(error as Error).message}. Check that the folder is writable, or choose another file (--history FILE, setting promptBench.historyFile).`, file);
  }
  try {
    db.get("PRAGMA locking_mode = EXCLUSIVE");
    db.get("PRAGMA journal_mode = WAL");
    db.get("PRAGMA synchronous = FULL");
    migrate(db, file, (message) => new HistoryError(message, file));
    return db;
  } catch (error) {
    db.close();
    if (error instanceof HistoryError) throw error;
    if (/locked|busy/i.test((error as Error).message)) {
      throw new HistoryError(`The history database ${file} is in use by another program (${(error as Error).message}). Close it (e.g. a sqlite3 shell) and run again.`, file);
    }
    throw new HistoryError(`${file} cannot be used as a Prompt Bench history database: ${(error as Error).message}. Move it away to start a new history.`, file);
  }
}
