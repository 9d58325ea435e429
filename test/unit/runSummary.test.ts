import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseCsv } from "../../src/core/csv/read";
import { formatRunSummary, readRunSummary, summarizeRun } from "../../src/core/results/runSummary";
import type { MetricsRow } from "../../src/core/runner/options";

const metric = (model: string, field: string, extra: Partial<MetricsRow>): MetricsRow => ({
  model,
  field,
  n_total: 4,
  n_valid: 3,
  runtime_s: 1,
  tokens_in: 1,
  tokens_out: 1,
  tokens_per_sec: 1,
  ...extra,
});

const RESULTS =
  "source,city,pred_a_city,raw_a,raw_a__valid,raw_a__error,pred_b_city,raw_b,raw_b__valid,raw_b__error\n" +
  "s1,x,x,{},true,,x,{},true,\n" +
  "s2,y,,oops,false,bad json,y,{},true,\n" +
  "s3,z,z,{},true,,,,,\n";

test("models, valid rate over finished outputs, best chrF++ by mean over fields", () => {
  const results = parseCsv(Buffer.from(RESULTS), "r.csv");
  const metrics = [
    metric("a", "city", { chrf: 40, rougeL: 0.9 }),
    metric("a", "name", { chrf: 60 }),
    metric("b", "city", { chrf: 52.1 }),
    metric("b", "name", { chrf: 52.1 }),
  ];
  const s = summarizeRun(results, metrics);
  assert.deepEqual(s.models, ["a", "b"]);
  assert.equal(s.validRate, 4 / 5);
  assert.deepEqual(s.best, { metric: "chrF++", value: 52.1, model: "b" });
  assert.equal(formatRunSummary(s), "last run: 2 models · 80% valid · best chrF++ 52.1 (b)");
});

test("falls back to the next metric, and to the metrics counts without a results file", () => {
  const metrics = [metric("a", "f", { rougeL: 0.5 }), metric("a", "g", { rougeL: 0.7 }), metric("c", "f", { rougeL: 0.4, n_valid: 4 })];
  const s = summarizeRun(undefined, metrics);
  assert.deepEqual(s.models, ["a", "c"]);
  assert.equal(s.validRate, 7 / 8);
  assert.equal(s.best?.metric, "ROUGE-L");
  assert.equal(s.best?.model, "a");
  assert.ok(Math.abs((s.best?.value ?? 0) - 0.6) < 1e-9);
  assert.equal(formatRunSummary(s), "last run: 2 models · 88% valid · best ROUGE-L 0.600 (a)");
});

test("no metrics and nothing finished: just the model count", () => {
  const s = summarizeRun(parseCsv(Buffer.from("source,city,raw_m,raw_m__valid\ns,x,,\n"), "r.csv"), []);
  assert.deepEqual(s, { models: ["m"], validRate: undefined, best: undefined });
  assert.equal(formatRunSummary(s), "last run: 1 model");
});

test("readRunSummary reads both files from disk, tolerating a missing metrics file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pb-summary-"));
  const results = join(dir, "x.p.results.csv");
  writeFileSync(results, RESULTS);
  const s = await readRunSummary(results, join(dir, "x.p.metrics.csv"));
  assert.deepEqual(s.models, ["a", "b"]);
  assert.equal(s.best, undefined);
  const metricsFile = join(dir, "m.metrics.csv");
  writeFileSync(metricsFile, "model,field,n_total,n_valid,rouge1,rouge2,rougeL,bleu,chrf,bertscore_f1,exact_match,runtime_s,tokens_in,tokens_out,tokens_per_sec\na,city,3,2,,,,,33.3,,,1,1,1,1\n");
  assert.deepEqual((await readRunSummary(results, metricsFile)).best, { metric: "chrF++", value: 33.3, model: "a" });
});
