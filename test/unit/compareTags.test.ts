// Tags in the SQLite history (schema migration 2): set, move, delete, survive reopening, and an existing
// database made by schema 1 (test/fixtures/history/schema-v1.sqlite, written by the code before tags) upgrades in place.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { HistoryError } from "../../src/core/errors/historyError";
import { resolveRunId } from "../../src/core/history/resolveRunId";
import { MIGRATIONS, SCHEMA_VERSION } from "../../src/storage/sqlite/schema";
import { SqliteHistory } from "../../src/storage/sqlite/sqliteHistory";
import { queryHistory } from "../helpers/historyDb";
import { FIXTURES } from "../helpers/runFixture";
import { syntheticRun } from "../helpers/syntheticRun";

const V1_RUNS = ["20261206T191000000Z-bbbbbb", "20261206T190000000Z-aaaaaa"];

function v1Copy(): string {
  const file = join(mkdtempSync(join(tmpdir(), "pb-tags-")), "history.sqlite");
  copyFileSync(join(FIXTURES, "history", "schema-v1.sqlite"), file);
  return file;
}

describe("run tags in the history", () => {
  test("a schema-1 database upgrades in place: its runs stay, tags work, the migration is recorded once", { timeout: 120_000 }, async () => {
    const file = v1Copy();
    const before = await new SqliteHistory(file).list();
    assert.deepEqual(before.map((r) => r.id), V1_RUNS, "the runs of the old database are read");
    const versions = await queryHistory(file, "SELECT version FROM schema_migrations ORDER BY version");
    assert.deepEqual(versions.map((v) => Number(v.version)), MIGRATIONS.map((m) => m.version), "every later migration applied once");
    assert.ok(MIGRATIONS.some((m) => m.version === 2 && /tags/.test(m.name)) && SCHEMA_VERSION >= 2);
    const store = new SqliteHistory(file);
    assert.deepEqual(await store.setTag("baseline", V1_RUNS[1]!), {});
    const run = await store.get(V1_RUNS[1]!);
    assert.equal(run!.rows.length, 4, "the old run's rows are all there");
    // Reopening (a new store, a new process would do the same) keeps the tag and applies no migration twice.
    const again = new SqliteHistory(file);
    assert.deepEqual((await again.listTags()).map((t) => [t.name, t.runId]), [["baseline", V1_RUNS[1]]]);
    assert.equal((await queryHistory(file, "SELECT COUNT(*) AS n FROM schema_migrations"))[0]!.n, MIGRATIONS.length);
  });

  test("a tag moves when set again, resolves as a run name, and can be deleted; an unknown run cannot be tagged", { timeout: 120_000 }, async () => {
    const file = v1Copy();
    const store = new SqliteHistory(file);
    await store.setTag("baseline", V1_RUNS[1]!);
    assert.deepEqual(await resolveRunId(store, "baseline", file), { id: V1_RUNS[1], via: "tag" });
    assert.deepEqual(await store.setTag("baseline", V1_RUNS[0]!), { previous: V1_RUNS[1] });
    assert.deepEqual(await resolveRunId(store, "baseline", file), { id: V1_RUNS[0], via: "tag" });
    assert.deepEqual(await resolveRunId(store, "latest", file), { id: V1_RUNS[0], via: "latest" });
    assert.deepEqual(await resolveRunId(store, "20261206T1900", file), { id: V1_RUNS[1], via: "id" });
    await store.record(syntheticRun("20261206T200000000Z-cccccc", 3, ["m"]));
    assert.equal((await resolveRunId(store, "latest", file)).id, "20261206T200000000Z-cccccc");
    assert.equal((await store.listTags())[0]!.runId, V1_RUNS[0], "recording a run leaves the tags alone");
    await assert.rejects(store.setTag("x", "20261206T000000000Z-nope"), (e: unknown) => e instanceof HistoryError && /has no run 20261206T000000000Z-nope to tag/.test((e as Error).message));
    assert.equal(await store.deleteTag("baseline"), true);
    assert.equal(await store.deleteTag("baseline"), false);
    await assert.rejects(resolveRunId(store, "baseline", file), /"baseline" is no run, tag or file: .* has no tags; newest runs: 20261206T200000000Z-cccccc, /);
    await assert.rejects(resolveRunId(store, "2026", file), /"2026" is ambiguous: it starts 3 run ids/);
  });
});
