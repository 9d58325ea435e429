import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { HistoryError } from "../../src/core/errors/historyError";
import { headlines } from "../../src/core/history/headline";
import { MIGRATIONS, SCHEMA_VERSION } from "../../src/storage/sqlite/schema";
import { SqliteHistory } from "../../src/storage/sqlite/sqliteHistory";
import { checkHistoryIntact, queryHistory } from "../helpers/historyDb";
import { normalized, syntheticRun } from "../helpers/syntheticRun";

function historyFile(): string {
  return join(mkdtempSync(join(tmpdir(), "pb-history-")), ".prompt-bench", "history.sqlite");
}

test("a run of 1,000 rows × 2 models reads back from the SQLite file exactly as it was written", { timeout: 120_000 }, async () => {
  const file = historyFile();
  const run = syntheticRun("20261206T190000000Z-aaaaaa", 1000);
  await new SqliteHistory(file).record(run);
  // A new store object: nothing comes from memory.
  const back = await new SqliteHistory(file).get(run.id);
  assert.deepEqual(normalized(back), normalized(run));
  assert.equal(back!.rows.length, 2000);
  assert.deepEqual(await checkHistoryIntact(file), { integrity: "ok", orphans: 0, miscounted: 0 });
  const migrations = await queryHistory(file, "SELECT version FROM schema_migrations ORDER BY version");
  assert.deepEqual(migrations.map((m) => m.version), MIGRATIONS.map((m) => m.version), "a new database gets every migration");
  assert.equal(migrations.at(-1)!.version, SCHEMA_VERSION);
  assert.equal(await new SqliteHistory(file).get("no-such-run"), undefined);
});

test("list: newest first, with prompt, dataset and each model's headline; --limit; ids by prefix", { timeout: 120_000 }, async () => {
  const file = historyFile();
  const store = new SqliteHistory(file);
  const ids = ["20261206T100000000Z-000001", "20261207T100000000Z-000002", "20261205T100000000Z-000003"];
  for (const id of ids) await store.record(syntheticRun(id, 20));
  const runs = await store.list();
  assert.deepEqual(runs.map((r) => r.id), [ids[1], ids[0], ids[2]]);
  const expected = syntheticRun(ids[1]!, 20);
  assert.equal(runs[0]!.promptFirstLine, "Extract {source}");
  assert.equal(runs[0]!.datasetFile, "/w/people.csv");
  assert.deepEqual(runs[0]!.models, headlines(["m-small", "m-large"], expected.metrics, expected.rows));
  const small = runs[0]!.models[0]!;
  assert.equal(small.rowsDone, 20);
  assert.equal(small.validRate, expected.rows.filter((r) => r.model === "m-small" && r.valid).length / 20);
  assert.ok(small.chrf !== undefined && small.chrf > 40 && small.exactMatch !== undefined);
  assert.deepEqual((await store.list({ limit: 2 })).map((r) => r.id), [ids[1], ids[0]]);
  assert.deepEqual(await store.findIds("20261206"), [ids[0]]);
  assert.deepEqual(await store.findIds("2026120"), [ids[1], ids[0], ids[2]]);
  assert.deepEqual(await store.findIds("%"), [], "LIKE wildcards in a prefix are literal");
});

test("the same run id twice is refused and leaves the first record whole", { timeout: 120_000 }, async () => {
  const file = historyFile();
  const store = new SqliteHistory(file);
  const run = syntheticRun("20261206T100000000Z-dup", 50);
  await store.record(run);
  await assert.rejects(store.record(syntheticRun(run.id, 80)), /UNIQUE|constraint/i);
  assert.deepEqual(normalized(await store.get(run.id)), normalized(run));
  assert.deepEqual(await checkHistoryIntact(file), { integrity: "ok", orphans: 0, miscounted: 0 });
});

test("a history from a newer Prompt Bench, or a file that is not SQLite, is refused by name", { timeout: 120_000 }, async () => {
  const newer = historyFile();
  await new SqliteHistory(newer).record(syntheticRun("r1", 1));
  await queryHistory(newer, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')");
  await assert.rejects(new SqliteHistory(newer).list(), (error: unknown) => {
    assert.ok(error instanceof HistoryError);
    assert.match(error.message, new RegExp(`${newer.replace(/[.]/g, "\\.")} has history schema version 99; this Prompt Bench knows up to ${SCHEMA_VERSION}\\. Update Prompt Bench`));
    return true;
  });

  const notSqlite = join(mkdtempSync(join(tmpdir(), "pb-history-")), "history.sqlite");
  writeFileSync(notSqlite, "source,name\nthis is a CSV, not a database\n".repeat(200));
  await assert.rejects(new SqliteHistory(notSqlite).list(), (error: unknown) => {
    assert.ok(error instanceof HistoryError, String(error));
    assert.match(error.message, /history\.sqlite cannot be used as a Prompt Bench history database: .*Move it away to start a new history\./);
    return true;
  });
});
