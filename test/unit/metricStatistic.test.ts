import assert from "node:assert/strict";
import { test } from "node:test";
import { batchedCorpusScore } from "../../src/core/metrics/batchedCorpusScore";
import { TEXT_METRICS } from "../../src/core/metrics/registry";
import { DEFAULT_SCORE_OPTIONS } from "../../src/core/metrics/scoreOptions";
import { METRIC_IDS } from "../../src/core/metrics/textMetric";
import { expandCounts, forEachResample, identityCounts, metricStatistic, metricStatistics } from "../../src/core/stats";
import { fixturePairs } from "../helpers/fixturePairs";
import { rng } from "../helpers/rng";

const PAIRS = fixturePairs();
const HYPS = PAIRS.map((p) => p.hyp);
const REFS = PAIRS.map((p) => p.ref);
// Every third row "schema-invalid", as computeMetrics scores valid rows only.
const VALID = PAIRS.map((_, i) => i % 3 !== 1);
const opts = DEFAULT_SCORE_OPTIONS;

test("the fixtures give enough real sentence pairs", () => {
  assert.ok(PAIRS.length >= 150, `${PAIRS.length} pairs`);
});

for (const metric of METRIC_IDS) {
  test(`${metric}: the statistic on all rows equals the metric's own corpus score, bit for bit`, () => {
    const own = TEXT_METRICS[metric].score(HYPS, [REFS], opts, false).score;
    assert.equal(metricStatistic(metric, HYPS, [REFS], opts).value(identityCounts(HYPS.length)), own);
  });

  test(`${metric}: with invalid rows left out it equals the score of the valid rows (and batchedCorpusScore)`, () => {
    const rows = HYPS.map((_, i) => i).filter((i) => VALID[i]);
    const own = TEXT_METRICS[metric].score(rows.map((i) => HYPS[i]!), [rows.map((i) => REFS[i]!)], opts, false).score;
    const batched = batchedCorpusScore(metric, rows.length, (k) => HYPS[rows[k]!]!, (k) => REFS[rows[k]!]!, opts);
    const value = metricStatistic(metric, HYPS, [REFS], opts, VALID).value(identityCounts(HYPS.length));
    assert.equal(value, own);
    assert.equal(value, batched);
  });

  test(`${metric}: each resample's value is the metric recomputed on the resampled rows`, () => {
    const stat = metricStatistic(metric, HYPS, [REFS], opts);
    let checked = 0;
    forEachResample(HYPS.length, { resamples: 5, seed: 3 }, (counts) => {
      const picked = expandCounts(counts);
      const own = TEXT_METRICS[metric].score(picked.map((i) => HYPS[i]!), [picked.map((i) => REFS[i]!)], opts, false).score;
      assert.ok(Math.abs(stat.value(counts) - own) <= 1e-9, `${stat.value(counts)} vs ${own}`);
      checked++;
    });
    assert.equal(checked, 5);
  });
}

test("two reference streams: BLEU, chrF++, ROUGE-L and exact match equal the metric's multi-reference score", () => {
  const random = rng(5);
  // A second reference per row: another row's reference, so some rows match it better than their first.
  const second = REFS.map(() => REFS[Math.floor(random() * REFS.length)]!);
  for (const metric of ["bleu", "chrf++", "rougeL", "exact_match", "wer"] as const) {
    const own = TEXT_METRICS[metric].score(HYPS, [REFS, second], opts, false).score;
    assert.equal(metricStatistic(metric, HYPS, [REFS, second], opts).value(identityCounts(HYPS.length)), own, metric);
  }
});

test("non-default options (lowercase, intl tokenizer, stemming, chrF whitespace) carry through", () => {
  const o = { ...opts, lowercase: true, tokenize: "intl" as const, useStemmer: true, chrfWhitespace: true, smoothMethod: "floor" as const, smoothValue: 0.1 };
  for (const metric of ["bleu", "chrf", "rouge2"] as const) {
    const own = TEXT_METRICS[metric].score(HYPS, [REFS], o, false).score;
    assert.equal(metricStatistic(metric, HYPS, [REFS], o).value(identityCounts(HYPS.length)), own, metric);
  }
});

test("a resample with no valid row scores what the metric gives for nothing (0), not NaN", () => {
  const valid = HYPS.map((_, i) => i === 0);
  const onlyRowOne = new Int32Array(HYPS.length);
  onlyRowOne[1] = HYPS.length;
  for (const metric of METRIC_IDS) {
    const v = metricStatistic(metric, HYPS, [REFS], opts, valid).value(onlyRowOne);
    assert.ok(Number.isFinite(v), `${metric}: ${v}`);
  }
});

test("metricStatistics (WER, MER, WIL sharing one alignment per row) gives each metric's own statistic", () => {
  const together = metricStatistics(METRIC_IDS, HYPS, [REFS], opts, VALID);
  const resampled: number[][] = [];
  forEachResample(HYPS.length, { resamples: 3, seed: 9 }, (counts) => resampled.push(together.map((s) => s.value(counts))));
  METRIC_IDS.forEach((metric, k) => {
    const alone = metricStatistic(metric, HYPS, [REFS], opts, VALID);
    assert.equal(together[k]!.value(identityCounts(HYPS.length)), alone.value(identityCounts(HYPS.length)), metric);
    let r = 0;
    forEachResample(HYPS.length, { resamples: 3, seed: 9 }, (counts) => assert.equal(alone.value(counts), resampled[r++]![k], metric));
  });
});
