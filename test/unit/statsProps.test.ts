// Properties of the resampling building blocks that hold for every input (fast-check, fixed seed).
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { nearestRankPercentile } from "../../src/core/metrics/computeMetrics";
import {
  expandCounts,
  forEachResample,
  identityCounts,
  latencyStatistic,
  meanStatistic,
  pairedBootstrap,
  percentileInterval,
  tokensPerSecondStatistic,
  validityStatistic,
} from "../../src/core/stats";

const RUNS = { seed: 4242, numRuns: 150 };
const value = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const values = fc.array(value, { minLength: 1, maxLength: 40 });
const maybeSeconds = fc.array(fc.option(fc.double({ min: 0, max: 1e4, noNaN: true, noDefaultInfinity: true }), { nil: undefined }), { minLength: 1, maxLength: 40 });

test("each resample draws n rows (multiplicities summing to n) and the same seed draws the same ones", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n, seed) => {
      const draw = (): number[][] => {
        const all: number[][] = [];
        forEachResample(n, { resamples: 3, seed }, (counts) => all.push(Array.from(counts)));
        return all;
      };
      const first = draw();
      assert.equal(first.length, 3);
      for (const counts of first) {
        assert.equal(counts.length, n);
        assert.ok(counts.every((c) => Number.isInteger(c) && c >= 0));
        assert.equal(counts.reduce((s, c) => s + c, 0), n);
        assert.equal(expandCounts(Int32Array.from(counts)).length, n);
      }
      assert.deepEqual(draw(), first);
    }),
    RUNS,
  );
});

test("on the rows themselves, the latency statistic is computeMetrics' nearest-rank percentile", () => {
  fc.assert(
    fc.property(maybeSeconds, fc.constantFrom(50, 95), (seconds, p) => {
      const known = seconds.filter((s): s is number => s !== undefined);
      const v = latencyStatistic(seconds, p).value(identityCounts(seconds.length));
      if (known.length === 0) assert.ok(Number.isNaN(v));
      else assert.equal(v, nearestRankPercentile(known, p));
    }),
    RUNS,
  );
});

test("on any resample, the latency statistic is the nearest-rank percentile of the resampled rows", () => {
  fc.assert(
    fc.property(maybeSeconds, fc.integer({ min: 0, max: 1000 }), (seconds, seed) => {
      const stat = latencyStatistic(seconds, 95);
      forEachResample(seconds.length, { resamples: 2, seed }, (counts) => {
        const known = expandCounts(counts).map((i) => seconds[i]).filter((s): s is number => s !== undefined);
        const v = stat.value(counts);
        if (known.length === 0) assert.ok(Number.isNaN(v));
        else assert.equal(v, nearestRankPercentile(known, 95));
      });
    }),
    RUNS,
  );
});

test("mean, validity and tokens/s statistics on the rows themselves are their plain figures", () => {
  fc.assert(
    fc.property(values, fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), (xs, valid) => {
      assert.equal(meanStatistic(xs).value(identityCounts(xs.length)), xs.reduce((s, x) => s + x, 0) / xs.length);
      assert.equal(validityStatistic(valid).value(identityCounts(valid.length)), valid.map((v): number => (v ? 100 : 0)).reduce((s, x) => s + x, 0) / valid.length);
      const tokens = xs.map((x) => Math.round(Math.abs(x)));
      const secs = xs.map((x) => Math.abs(x) / 7 + 0.5);
      const sum = (a: number[]) => a.reduce((s, x) => s + x, 0);
      assert.equal(tokensPerSecondStatistic(tokens, secs).value(identityCounts(xs.length)), sum(tokens) / sum(secs));
    }),
    RUNS,
  );
});

test("a percentile interval is ordered and lies within the values", () => {
  fc.assert(
    fc.property(values, fc.double({ min: 0.01, max: 0.99, noNaN: true }), (xs, confidence) => {
      const { low, high } = percentileInterval(xs, confidence);
      assert.ok(low <= high);
      assert.ok(low >= Math.min(...xs) && high <= Math.max(...xs));
    }),
    RUNS,
  );
});

test("swapping A and B negates the delta and its interval and keeps the p-value", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 1000 }), (rows, seed) => {
      const a = meanStatistic(rows.map(([x]) => x));
      const b = meanStatistic(rows.map(([, y]) => y));
      const [ab] = pairedBootstrap([{ a, b }], { seed, resamples: 50 });
      const [ba] = pairedBootstrap([{ a: b, b: a }], { seed, resamples: 50 });
      // `+ 0` turns -0 into 0: strict equality tells them apart, the property does not.
      assert.equal(ba!.delta + 0, -ab!.delta + 0);
      assert.equal(ba!.deltaLow + 0, -ab!.deltaHigh + 0);
      assert.equal(ba!.deltaHigh + 0, -ab!.deltaLow + 0);
      assert.equal(ba!.p, ab!.p);
      assert.ok(ab!.p > 0 && ab!.p <= 1);
    }),
    // Equal systems (delta 0, the -0 case) and a single row are always tried.
    { ...RUNS, examples: [[[[0, 0]], 1], [[[1.5, 1.5], [2, 2]], 3], [[[3, -1]], 0]] },
  );
});
