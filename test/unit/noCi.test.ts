import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { formatMetricsCsv } from "../../src/core/metrics/metricsCsv";
import { CLI } from "../helpers/cli";
import { readTable } from "../helpers/runFixture";
import { writeResultsCsv } from "../helpers/resultsCsv";

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 120_000 });
}

const INTERVAL_COLUMNS = /_ci_low$|_ci_high$|^rank$/;

test("score --csv --no-ci leaves the interval and rank columns out of the metrics CSV; without it they are there and filled; the scores are the same", { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "pb-noci-"));
  const csv = writeResultsCsv(dir);
  const withCi = cli(["score", "--csv", csv, "--metrics", join(dir, "with.metrics.csv")]);
  assert.equal(withCi.status, 0, withCi.stderr);
  const without = cli(["score", "--csv", csv, "--metrics", join(dir, "without.metrics.csv"), "--no-ci"]);
  assert.equal(without.status, 0, without.stderr);

  const on = readTable(join(dir, "with.metrics.csv"));
  const off = readTable(join(dir, "without.metrics.csv"));
  assert.deepEqual(on.columns.filter((c) => INTERVAL_COLUMNS.test(c)).length, 13, "6 quality columns × low/high, and rank");
  const low = on.columns.indexOf("chrf_ci_low");
  assert.ok(on.records.every((r) => Number(r.values[low]) > 0), "the intervals are computed");
  assert.deepEqual(off.columns.filter((c) => INTERVAL_COLUMNS.test(c)), []);
  assert.deepEqual(off.columns, on.columns.filter((c) => !INTERVAL_COLUMNS.test(c)));
  const chrf = (t: typeof on) => t.records.map((r) => r.values[t.columns.indexOf("chrf")]);
  assert.deepEqual(chrf(off), chrf(on), "point estimates do not depend on the intervals");
  assert.ok(chrf(on).every((v) => v !== ""));

  // `run --skip-inference` (re-scoring) takes the flag too.
  const rescored = cli(["run", "--csv", csv, "--skip-inference", "--no-ci", "--metrics", join(dir, "run.metrics.csv"), "--no-history"]);
  assert.equal(rescored.status, 0, rescored.stderr);
  assert.deepEqual(readTable(join(dir, "run.metrics.csv")).columns, off.columns);
  assert.equal(readFileSync(join(dir, "run.metrics.csv"), "utf8"), readFileSync(join(dir, "without.metrics.csv"), "utf8"));

  const onText = cli(["score", "--hyp", csv, "--ref", csv, "--no-ci"]);
  assert.equal(onText.status, 2, "--no-ci is for --csv only");
});

test("formatMetricsCsv({ intervals: false }) writes no interval or rank column even for rows that carry them", () => {
  const row = { model: "m", field: "f", n_total: 2, n_valid: 2, chrf: 50, chrf_ci_low: 40, chrf_ci_high: 60, rank: 1, runtime_s: 1, tokens_in: 1, tokens_out: 1, tokens_per_sec: 1 };
  const [header] = formatMetricsCsv([row], { intervals: false }).split(/\r?\n/);
  assert.doesNotMatch(header!, /_ci_|rank/);
  assert.match(formatMetricsCsv([row]).split(/\r?\n/)[0]!, /chrf_ci_low,chrf_ci_high,.*rank(,|$)/);
});

test("the VS Code setting promptBench.confidenceIntervals is declared: boolean, default true", () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, "../../../package.json"), "utf8")) as { contributes: { configuration: { properties: Record<string, { type: string; default: unknown }> } | { properties: Record<string, { type: string; default: unknown }> }[] } };
  const configuration = pkg.contributes.configuration;
  const properties = Array.isArray(configuration) ? Object.assign({}, ...configuration.map((c) => c.properties)) : configuration.properties;
  assert.deepEqual({ type: properties["promptBench.confidenceIntervals"]?.type, default: properties["promptBench.confidenceIntervals"]?.default }, { type: "boolean", default: true });
});
