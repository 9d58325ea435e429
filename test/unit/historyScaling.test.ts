import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { comparableRuns, latestMetricsPerModel } from "../../src/core/ab/scalingAcrossRuns";
import type { RunRecord } from "../../src/core/history/runRecord";
import { SqliteHistory } from "../../src/storage/sqlite/sqliteHistory";
import { runCli } from "../helpers/cli";
import { syntheticRun } from "../helpers/syntheticRun";

const PARAMS: Record<string, number> = { "m-small": 5e8, "m-large": 7e9, "m-xl": 3.2e10 };

/** A synthetic run whose models carry their parameter count in meta info, as a run of this version records it. */
function run(id: string, models: string[], dataset = "cd".repeat(32)): RunRecord {
  const r = syntheticRun(id, 10, models);
  r.dataset.sha256 = dataset;
  for (const m of r.models) m.info = { ...m.info, paramCount: PARAMS[m.name] };
  return r;
}

describe("model size across the history", () => {
  const older = run("20261206T100000000Z-000001", ["m-small", "m-large"]);
  const newer = run("20261206T110000000Z-000002", ["m-large", "m-xl"]);
  const otherData = run("20261206T120000000Z-000003", ["m-small"], "99".repeat(32));

  test("each model's metrics come from its newest run, with params_b from the model record", () => {
    const rows = latestMetricsPerModel([newer, older]);
    assert.deepEqual([...new Set(rows.map((r) => r.model))], ["m-large", "m-xl", "m-small"]);
    const large = rows.filter((r) => r.model === "m-large");
    assert.deepEqual(large.map((r) => r.chrf), newer.metrics.filter((m) => m.model === "m-large").map((m) => m.chrf), "m-large from the newer run");
    assert.deepEqual(rows.map((r) => r.params_b), [7, 7, 32, 32, 0.5, 0.5]);
  });

  test("only runs with the anchor's prompt and dataset are comparable", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "pb-scaling-")), "history.sqlite");
    const store = new SqliteHistory(file);
    for (const r of [older, newer, otherData]) await store.record(r);
    const listings = await store.list();
    assert.deepEqual(comparableRuns(listings, listings.find((r) => r.id === newer.id)!).map((r) => r.id), [newer.id, older.id]);
    assert.deepEqual(comparableRuns(listings, listings[0]!).map((r) => r.id), [otherData.id]);
  });

  test("history plots writes the report over the comparable runs, model-size figures included", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-scaling-cli-"));
    const file = join(dir, "history.sqlite");
    const store = new SqliteHistory(file);
    for (const r of [older, newer, otherData]) await store.record(r);
    const saved = process.env.PROMPT_BENCH_CHROMIUM;
    process.env.PROMPT_BENCH_CHROMIUM = join(dir, "no-chromium"); // report.html only: no PNG rendering here
    try {
      const r = runCli(["history", "plots", "--plots-dir", join(dir, "plots"), "--run", newer.id, "--history", file]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`runs: ${newer.id}, ${older.id}\\n`));
      assert.match(r.stdout, /models: m-large, m-xl, m-small\n/);
      const html = readFileSync(join(dir, "plots", "report.html"), "utf8");
      assert.ok(html.includes("scaling_score.png"), "the model-size score figure is in the report");
      const missing = runCli(["history", "plots", "--plots-dir", join(dir, "plots"), "--run", "2025", "--history", file]);
      assert.equal(missing.status, 1);
      assert.match(missing.stderr, /"2025" is no run, tag or file/);
      assert.equal(runCli(["history", "plots", "--history", file]).status, 2, "--plots-dir is required");
    } finally {
      if (saved === undefined) delete process.env.PROMPT_BENCH_CHROMIUM;
      else process.env.PROMPT_BENCH_CHROMIUM = saved;
    }
  });
});
