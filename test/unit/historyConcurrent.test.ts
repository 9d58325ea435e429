import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { SqliteHistory } from "../../src/storage/sqlite/sqliteHistory";
import { checkHistoryIntact } from "../helpers/historyDb";
import { normalized, syntheticRun } from "../helpers/syntheticRun";

const WRITER = join(__dirname, "../helpers/historyWriter.js");

function writer(file: string, prefix: string, runs: number, rows: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [WRITER, file, prefix, String(runs), String(rows)], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

test("three processes recording into one history at once lose nothing", { timeout: 600_000 }, async () => {
  const file = join(mkdtempSync(join(tmpdir(), "pb-history-two-")), ".prompt-bench", "history.sqlite");
  const RUNS = 6;
  const ROWS = 800;
  const prefixes = ["a", "b", "c"];
  const results = await Promise.all(prefixes.map((p) => writer(file, p, RUNS, ROWS)));
  for (const r of results) {
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.split("\n").filter((l) => l.startsWith("committed ")).length, RUNS);
  }
  const store = new SqliteHistory(file);
  const ids = (await store.list()).map((r) => r.id).sort();
  const expected = prefixes.flatMap((p) => Array.from({ length: RUNS }, (_, i) => `${p}-${String(i).padStart(4, "0")}`)).sort();
  assert.deepEqual(ids, expected);
  for (const id of ids) assert.deepEqual(normalized(await store.get(id)), normalized(syntheticRun(id, ROWS)), `run ${id} is whole`);
  assert.deepEqual(await checkHistoryIntact(file), { integrity: "ok", orphans: 0, miscounted: 0 });
});
