import type { SQLiteValue } from "node-sqlite3-wasm";
import { withHistoryLock } from "../../src/storage/sqlite/historyLock";
import { openHistoryDatabase } from "../../src/storage/sqlite/openDatabase";

/** Runs SQL on a history file the way Prompt Bench opens it (under its lock), for checks the port does not offer. */
export function queryHistory(file: string, sql: string, values: SQLiteValue[] = []): Promise<Record<string, SQLiteValue>[]> {
  return withHistoryLock(file, () => {
    const db = openHistoryDatabase(file);
    try {
      return db.all(sql, values) as Record<string, SQLiteValue>[];
    } finally {
      db.close();
    }
  });
}

/** integrity_check, and that no row belongs to a run that is not (wholly) there. */
export async function checkHistoryIntact(file: string): Promise<{ integrity: string; orphans: number; miscounted: number }> {
  const [integrity] = await queryHistory(file, "PRAGMA integrity_check");
  const [orphans] = await queryHistory(
    file,
    `SELECT (SELECT COUNT(*) FROM run_rows WHERE run_id NOT IN (SELECT id FROM runs))
          + (SELECT COUNT(*) FROM run_references WHERE run_id NOT IN (SELECT id FROM runs))
          + (SELECT COUNT(*) FROM run_models WHERE run_id NOT IN (SELECT id FROM runs)) AS n`,
  );
  const [miscounted] = await queryHistory(file, "SELECT COUNT(*) AS n FROM runs r WHERE prediction_count != (SELECT COUNT(*) FROM run_rows WHERE run_id = r.id)");
  return { integrity: String(integrity?.integrity_check), orphans: Number(orphans?.n), miscounted: Number(miscounted?.n) };
}
