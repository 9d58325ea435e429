import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { MIGRATIONS, SCHEMA_VERSION } from "../../src/storage/sqlite/schema";
import { SqliteHistory } from "../../src/storage/sqlite/sqliteHistory";
import { checkHistoryIntact, queryHistory } from "../helpers/historyDb";
import { syntheticRun } from "../helpers/syntheticRun";

const sqlite = createRequire(__filename)("node-sqlite3-wasm") as typeof import("node-sqlite3-wasm");

/** A database as Prompt Bench's first history release left it: schema version 1 only, with one run. */
function versionOneDatabase(): string {
  const file = join(mkdtempSync(join(tmpdir(), "pb-migrate-")), ".prompt-bench", "history.sqlite");
  mkdirSync(dirname(file), { recursive: true });
  const db = new sqlite.Database(file);
  db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
  db.exec(MIGRATIONS[0]!.sql);
  db.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, 'v1', '2026-12-01T00:00:00.000Z')");
  db.run(
    `INSERT INTO runs (id, started_at, ended_at, status, prompt_text, prompt_sha256, dataset_file, dataset_sha256, dataset_rows, results_file,
       fields, params, versions, headline, prediction_count) VALUES ('20261201T000000000Z-000001', 'a', 'b', 'completed', 'P {source}', 'ab', '/d.csv', 'cd', 0,
       '/r.results.csv', '[]', '{"maxNewTokens":8,"constrained":false,"temperature":0,"runBy":"cli"}', '{"node":"20","platform":"linux","arch":"x64"}', '[]', 0)`,
  );
  db.close();
  return file;
}

test("a version-1 history upgrades to the current schema: its run reads back, and a rerun's link (rerunOf) is stored", { timeout: 120_000 }, async () => {
  assert.equal(MIGRATIONS[0]!.version, 1);
  assert.ok(SCHEMA_VERSION >= 3, "version 3: runs.rerun_of");
  const file = versionOneDatabase();
  const store = new SqliteHistory(file);
  const old = await store.get("20261201T000000000Z-000001");
  assert.equal(old?.prompt.text, "P {source}");
  assert.equal(old?.rerunOf, undefined);
  const versions = await queryHistory(file, "SELECT version FROM schema_migrations ORDER BY version");
  assert.deepEqual(versions.map((v) => v.version), MIGRATIONS.map((m) => m.version));
  const columns = await queryHistory(file, "SELECT name FROM pragma_table_info('runs')");
  assert.ok(columns.some((c) => c.name === "rerun_of"), "the upgrade added runs.rerun_of");

  const rerun = { ...syntheticRun("20261202T000000000Z-000002", 3), rerunOf: "20261201T000000000Z-000001" };
  await store.record(rerun);
  assert.equal((await store.get(rerun.id))?.rerunOf, "20261201T000000000Z-000001");
  const listed = await store.list();
  assert.deepEqual(listed.map((r) => [r.id, r.rerunOf]), [[rerun.id, "20261201T000000000Z-000001"], ["20261201T000000000Z-000001", undefined]]);
  assert.deepEqual(await checkHistoryIntact(file), { integrity: "ok", orphans: 0, miscounted: 0 });
});
