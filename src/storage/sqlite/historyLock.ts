import { mkdirSync, rmdirSync } from "node:fs";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { HistoryError } from "../../core/errors/historyError";
import { ResultsLockedError } from "../../core/errors/resultsLockedError";
import { UserError } from "../../core/errors/userError";
import { ResultsLock } from "../../core/results/resultsLock";

/** How long a recording waits for another process's access to the history before giving up. */
const WAIT_MS = 120_000;

/**
 * Runs `use` while this process alone uses the history database, across processes: `<db>.writer.lock` (a
 * ResultsLock: taken over when its process is gone, so a kill -9 never blocks the next run). Readers take it too,
 * because the SQLite build's own lock (a `<db>.lock` folder) is exclusive and is left behind by a killed process:
 * whoever holds our lock knows such a folder is stale and removes it.
 */
export async function withHistoryLock<T>(dbFile: string, use: () => T, waitMs = WAIT_MS): Promise<T> {
  try {
    mkdirSync(dirname(dbFile), { recursive: true });
  } catch (error) {
    throw new HistoryError(`Cannot create the folder of the history database ${dbFile}: ${(error as Error).message}. Choose another file (--history FILE, setting promptBench.historyFile) or turn history off (--no-history).`, dbFile);
  }
  const lock = await acquire(dbFile, waitMs);
  try {
    removeStaleSqliteLock(dbFile);
    return use();
  } finally {
    lock.release();
  }
}

async function acquire(dbFile: string, waitMs: number): Promise<ResultsLock> {
  const until = Date.now() + waitMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      return ResultsLock.acquire(`${dbFile}.writer`, { command: `history ${process.argv.slice(2).join(" ")}`.trim(), models: [] });
    } catch (error) {
      if (!(error instanceof ResultsLockedError)) {
        if (error instanceof UserError) throw new HistoryError(`Cannot lock the history database ${dbFile}: ${error.message}`, dbFile);
        throw error;
      }
      if (Date.now() >= until) {
        throw new HistoryError(`The history database ${dbFile} stayed busy for ${Math.round(waitMs / 1000)} s: ${error.message}`, dbFile);
      }
    }
    await sleep(pause + Math.random() * pause);
  }
}

/** node-sqlite3-wasm locks with a `<db>.lock` folder; one present while we hold our lock was left by a killed process. */
function removeStaleSqliteLock(dbFile: string): void {
  try {
    rmdirSync(`${dbFile}.lock`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT") throw new HistoryError(`Cannot remove the stale SQLite lock ${dbFile}.lock (${code}). Delete it by hand if no Prompt Bench is running.`, dbFile);
  }
}
