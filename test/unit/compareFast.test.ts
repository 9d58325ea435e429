// The two speed-ups of compare give the plain computation's numbers: fused paired resampling against
// stats.resample, and B's statistics spliced from A's against computing them from scratch.
import assert from "node:assert/strict";
import { test } from "node:test";
import { resamplePairs } from "../../src/core/compare/resamplePairs";
import { metricStatisticsLike } from "../../src/core/compare/reuseStatistics";
import { DEFAULT_SCORE_OPTIONS } from "../../src/core/metrics/scoreOptions";
import { METRIC_IDS } from "../../src/core/metrics/textMetric";
import { forEachResample, latencyStatistic, metricStatistics, resample, validityStatistic } from "../../src/core/stats";
import { rng } from "../helpers/rng";

const WORDS = ["Berlin", "Köln", "the", "patient", "seen", "fever", "Monday", "ß", "und", "a"];

function data(n: number, seed: number) {
  const random = rng(seed);
  const sentence = () => Array.from({ length: 1 + Math.floor(random() * 6) }, () => WORDS[Math.floor(random() * WORDS.length)]).join(" ");
  const refs = Array.from({ length: n }, sentence);
  const hypsA = refs.map((r) => (random() < 0.6 ? r : sentence()));
  const validA = refs.map(() => random() < 0.9);
  // B keeps most of A's outputs: a quarter change, some rows flip validity.
  const hypsB = hypsA.map((h) => (random() < 0.25 ? sentence() : h));
  const validB = validA.map((v) => (random() < 0.1 ? !v : v));
  const seconds = refs.map(() => (random() < 0.95 ? random() : undefined));
  return { refs, hypsA, validA, hypsB, validB, seconds };
}

test("B's statistics spliced from A's equal metricStatistics on B's rows, on the full sample and on resamples", { timeout: 120_000 }, () => {
  const d = data(300, 5);
  const a = metricStatistics(METRIC_IDS, d.hypsA, [d.refs], DEFAULT_SCORE_OPTIONS, d.validA);
  const like = metricStatisticsLike(a, d.hypsA, d.validA, METRIC_IDS, d.hypsB, [d.refs], DEFAULT_SCORE_OPTIONS, d.validB);
  const plain = metricStatistics(METRIC_IDS, d.hypsB, [d.refs], DEFAULT_SCORE_OPTIONS, d.validB);
  let checked = 0;
  forEachResample(300, { resamples: 20, seed: 3 }, (counts) => {
    METRIC_IDS.forEach((m, k) => assert.equal(like[k]!.value(counts), plain[k]!.value(counts), m));
    checked++;
  });
  assert.equal(checked, 20);
  const full = new Int32Array(300).fill(1);
  METRIC_IDS.forEach((m, k) => assert.equal(like[k]!.value(full), plain[k]!.value(full), m));
  assert.notEqual(like[2]!.value(full), a[2]!.value(full), "B's outputs score differently from A's");
});

test("fused paired resampling gives resample()'s values: A's exactly, B's to 1e-12, percentiles exactly", { timeout: 120_000 }, () => {
  const d = data(400, 9);
  const a = metricStatistics(METRIC_IDS, d.hypsA, [d.refs], DEFAULT_SCORE_OPTIONS, d.validA);
  const b = metricStatistics(METRIC_IDS, d.hypsB, [d.refs], DEFAULT_SCORE_OPTIONS, d.validB);
  const pairs = METRIC_IDS.map((_, k) => ({ a: a[k]!, b: b[k]! }));
  pairs.push({ a: validityStatistic(d.validA), b: validityStatistic(d.validB) });
  pairs.push({ a: latencyStatistic(d.seconds, 95), b: latencyStatistic(d.seconds.map((s) => (s === undefined ? s : s * 1.1)), 95) });
  const options = { resamples: 150, seed: 42, confidence: 0.95 };
  const fast = resamplePairs(pairs, options);
  const slow = resample(pairs.flatMap((p) => [p.a, p.b]), options);
  assert.deepEqual(fast.scores, slow.scores);
  assert.equal(fast.values.length, slow.values.length);
  fast.values.forEach((v, k) => {
    const isA = k % 2 === 0;
    const integerSums = k < 2 * METRIC_IDS.length && !["rouge1", "rouge2", "rougeL", "rougeLsum", "exact_match"].includes(METRIC_IDS[k >> 1]!);
    for (let r = 0; r < v.length; r++) {
      if (isA || integerSums || k >= 2 * METRIC_IDS.length + 2) assert.equal(v[r], slow.values[k]![r], `statistic ${k} resample ${r}`);
      else assert.ok(Math.abs(v[r]! - slow.values[k]![r]!) < 1e-12, `statistic ${k} resample ${r}: ${v[r]} vs ${slow.values[k]![r]}`);
    }
  });
  // Identical sides: no row differs, B's values are A's.
  const same = resamplePairs([{ a: a[2]!, b: a[2]! }], options);
  assert.deepEqual(same.values[1], same.values[0]);
});
