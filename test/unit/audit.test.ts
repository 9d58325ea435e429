import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import type { Finding } from "../../src/core/audit/finding";
import type { RunRecord } from "../../src/core/history/runRecord";
import { SqliteHistory } from "../../src/storage/sqlite/sqliteHistory";
import { CLI } from "../helpers/cli";
import { writeResultsCsv } from "../helpers/resultsCsv";

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 120_000 });
}

function audit(history: string, ...flags: string[]): { status: number | null; findings: Finding[]; stdout: string } {
  const r = cli(["audit", "--history", history, "--json", ...flags]);
  assert.ok(r.status === 0 || r.status === 3, r.stderr);
  return { status: r.status, findings: (JSON.parse(r.stdout) as { findings: Finding[] }).findings, stdout: r.stdout };
}

const copy = (run: RunRecord, id: string, maxNewTokens: number): RunRecord => ({ ...(JSON.parse(JSON.stringify(run)) as RunRecord), id, params: { ...run.params, maxNewTokens } });

/** A real recorded run: `run --skip-inference` re-scores a results CSV of two models and records it. */
let clean: { dir: string; history: string; run: RunRecord };
before(async () => {
  const dir = mkdtempSync(join(tmpdir(), "pb-audit-"));
  const csv = writeResultsCsv(dir);
  const history = join(dir, "history.sqlite");
  const r = cli(["run", "--csv", csv, "--skip-inference", "--history", history]);
  assert.equal(r.status, 0, r.stderr);
  const [listed] = await new SqliteHistory(history).list();
  clean = { dir, history, run: (await new SqliteHistory(history).get(listed!.id))! };
  assert.equal(clean.run.rows.length, 80);
  assert.ok(clean.run.metrics.some((m) => (m.chrf ?? 0) > 0), "the recorded metrics have scores to check");
});

describe("prompt-bench audit", () => {
  test("a clean history has no findings: the recorded metrics agree with the recorded rows; --strict exits 0", { timeout: 120_000 }, () => {
    const r = audit(clean.history);
    assert.deepEqual(r.findings, []);
    assert.equal(audit(clean.history, "--strict").status, 0);
    const text = cli(["audit", "--history", clean.history]);
    assert.equal(text.status, 0);
    assert.match(text.stdout, /^audit of 1 run in .*history\.sqlite: no findings\n/);
  });

  test("planted problems are each found, with run, model and numbers; --strict exits 3; thresholds are flags", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-audit-planted-"));
    const history = join(dir, "history.sqlite");
    const store = new SqliteHistory(history);
    const base = clean.run;
    await store.record(copy(base, "20261201T000000000Z-c1ea00", base.params.maxNewTokens));

    const noTokens = copy(base, "20261201T000001000Z-a00001", 101);
    noTokens.rows.filter((r) => r.model === "m1").slice(0, 3).forEach((r) => delete r.tokensIn);
    const slow = copy(base, "20261201T000002000Z-a00002", 102);
    for (const r of slow.rows) if (r.model === "m2") r.seconds = 45;
    const failing = copy(base, "20261201T000003000Z-a00003", 103);
    // The invalid rows (every 8th) failed to generate instead: validity, and so the scores, stay as recorded.
    for (const r of failing.rows) if (r.model === "m1" && r.valid === false) r.error = "generation failed: request timed out";
    const invalid = copy(base, "20261201T000004000Z-a00004", 104);
    for (const r of invalid.rows) if (r.model === "m2" && r.row < 12) r.valid = false;
    invalid.metrics = invalid.metrics.filter((m) => m.model !== "m2"); // no recorded scores of m2 to disagree
    const edited = copy(base, "20261201T000005000Z-a00005", 105);
    const chrf = edited.metrics.find((m) => m.model === "m1" && m.field === "city")!;
    const recordedChrf = chrf.chrf!;
    chrf.chrf = recordedChrf + 0.5;
    edited.metrics.find((m) => m.model === "m2" && m.field === "name")!.bleu! += 1e-7; // within the tolerance
    const duplicate = copy(base, "20261201T000006000Z-d00006", base.params.maxNewTokens);
    const rerun = { ...copy(base, "20261201T000007000Z-e00007", base.params.maxNewTokens), rerunOf: "20261201T000000000Z-c1ea00" };
    for (const run of [noTokens, slow, failing, invalid, edited, duplicate, rerun]) await store.record(run);

    const r = audit(history);
    assert.equal(r.status, 0, "findings alone do not fail the command");
    const found = r.findings.map((f) => [f.runId, f.model ?? "", f.kind]).sort();
    assert.deepEqual(found, [
      ["20261201T000001000Z-a00001", "m1", "missing-tokens"],
      ["20261201T000002000Z-a00002", "m2", "high-latency"],
      ["20261201T000003000Z-a00003", "m1", "high-error-rate"],
      ["20261201T000004000Z-a00004", "m2", "high-invalid-rate"],
      ["20261201T000005000Z-a00005", "m1", "score-mismatch"],
      ["20261201T000006000Z-d00006", "", "duplicate-run"],
    ].sort());
    const byKind = (kind: Finding["kind"]): Finding => r.findings.find((f) => f.kind === kind)!;
    assert.deepEqual(byKind("missing-tokens").numbers, { rows: 3, of: 40, firstRow: 1 });
    assert.deepEqual(byKind("high-latency").numbers, { p95S: 45, thresholdS: 30, rows: 40 });
    assert.deepEqual(byKind("high-error-rate").numbers, { rows: 5, of: 40, rate: 0.125, threshold: 0.05 });
    assert.equal(byKind("high-invalid-rate").numbers.rows, 12 + 4, "rows 0-11 and the other invalid rows of m2");
    const mismatch = byKind("score-mismatch");
    assert.match(mismatch.message, new RegExp(`field city: .*chrf ${String(Math.round((recordedChrf + 0.5) * 1e6) / 1e6)} recorded, ${String(Math.round(recordedChrf * 1e6) / 1e6)} from the rows`));
    assert.doesNotMatch(mismatch.message, /bleu/);
    assert.deepEqual(byKind("duplicate-run").numbers.runs, ["20261201T000006000Z-d00006", "20261201T000000000Z-c1ea00"]);
    assert.ok(r.findings.every((f) => f.suggestion.length > 20 && f.message.length > 10));

    assert.equal(audit(history, "--strict").status, 3);
    const relaxed = audit(history, "--max-latency-p95", "60", "--max-error-rate", "15%", "--max-invalid-rate", "50");
    assert.deepEqual(relaxed.findings.map((f) => f.kind).sort(), ["duplicate-run", "missing-tokens", "score-mismatch"]);
    const text = cli(["audit", "--history", history]);
    assert.match(text.stdout, /: 6 findings\n/);
    assert.match(text.stdout, /20261201T000002000Z-a00002 {2}m2 {2}high-latency: latency p95 45\.00 s per row is above 30 s \(40 rows\)\n {2}suggestion: /);
    assert.equal(cli(["audit", "--history", history, "--max-error-rate", "150"]).status, 2);
    assert.equal(cli(["audit", "--history", join(dir, "none.sqlite")]).status, 1);
  });
});
