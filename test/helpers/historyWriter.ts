// A child process for the history tests: records synthetic runs into a history file, one after the other, and
// prints "committed <id>" after each. Args: DB PREFIX COUNT (0 = until killed) ROWS.
import { SqliteHistory } from "../../src/storage/sqlite/sqliteHistory";
import { syntheticRun } from "./syntheticRun";

async function main(): Promise<void> {
  const [db, prefix, count, rows] = process.argv.slice(2);
  const store = new SqliteHistory(db!);
  process.stdout.write("ready\n");
  for (let i = 0; Number(count) === 0 || i < Number(count); i++) {
    const id = `${prefix}-${String(i).padStart(4, "0")}`;
    await store.record(syntheticRun(id, Number(rows)));
    process.stdout.write(`committed ${id}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
