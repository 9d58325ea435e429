import { DEFAULT_CONFIDENCE, percentileInterval } from "./interval";
import { DEFAULT_RESAMPLES, DEFAULT_SEED, forEachResample, identityIndices, type ResampleOptions } from "./resample";
import type { RowStatistic } from "./rowStatistic";

export interface BootstrapOptions extends ResampleOptions {
  /** Confidence level of the intervals; default 0.95. */
  confidence?: number;
}

/** A system's score with its bootstrap interval. */
export interface ScoreInterval {
  /** The score on the rows themselves. */
  score: number;
  /** Mean of the resampled scores (sacrebleu reports it beside the interval). */
  mean: number;
  low: number;
  high: number;
}

/** A over B on the same rows. All figures on the metric's own scale; delta = b − a. */
export interface PairedComparison {
  a: ScoreInterval;
  b: ScoreInterval;
  delta: number;
  /** Percentile interval of the resampled deltas b* − a* (same resampled rows for both). */
  deltaLow: number;
  deltaHigh: number;
  /** Two-sided p-value of "no difference" (see pairedBootstrap). */
  p: number;
  resamples: number;
  seed: number;
  confidence: number;
}

/**
 * Single-system bootstrap: each statistic's score and percentile interval over `resamples` resamples of its rows.
 * All statistics share the resamples, so their intervals come from the same draws.
 */
export function bootstrapIntervals(stats: readonly RowStatistic[], options: BootstrapOptions = {}): ScoreInterval[] {
  const rows = sameRows(stats);
  const values = stats.map(() => new Float64Array(options.resamples ?? DEFAULT_RESAMPLES));
  forEachResample(rows, options, (indices, r) => stats.forEach((s, k) => (values[k]![r] = s.value(indices))));
  const full = identityIndices(rows);
  return stats.map((s, k) => ({ score: s.value(full), ...percentileInterval(values[k]!, options.confidence) }));
}

/**
 * Paired bootstrap of B against A, as sacrebleu's `paired_bs` (after Koehn 2004): every resample draws rows with
 * replacement and scores A and B on the *same* rows, recomputing corpus metrics from their summed statistics.
 *
 * - Interval of the difference: the percentile interval of the resampled deltas (sacrebleu's `estimate_ci`
 *   order statistics). A percentile interval needs no normality of the metric and keeps corpus metrics such as
 *   BLEU on their own asymmetric scale.
 * - p-value, two-sided: p = (1 + #{r : |δ*_r − mean(δ*)| ≥ |δ|}) / (R + 1), with δ the observed delta, δ*_r the
 *   resampled ones and R the resamples. Centring the resampled deltas on their mean makes them a sample of the
 *   difference under "no difference" (the null), and the +1 (as sacrebleu, from multeval) keeps the test from
 *   rejecting more often than its level. Two departures from sacrebleu, both checked in bootstrapStats.test.ts:
 *   sacrebleu centres |δ*| (absolute values, then the mean), whose null distribution is a folded one, so that its
 *   p-values are not uniform for systems of equal quality; we centre δ* and then take |·|. And ≥ instead of
 *   sacrebleu's >, so a system compared with itself (δ = δ* = 0) gets p = 1, not 1/(R+1).
 *
 * Several pairs (e.g. every metric of a model × field) share the same resamples. Every statistic must cover the
 * same rows, in the same order.
 */
export function pairedBootstrap(pairs: readonly { a: RowStatistic; b: RowStatistic }[], options: BootstrapOptions = {}): PairedComparison[] {
  const rows = sameRows(pairs.flatMap((p) => [p.a, p.b]));
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const seed = options.seed ?? DEFAULT_SEED;
  const aValues = pairs.map(() => new Float64Array(resamples));
  const bValues = pairs.map(() => new Float64Array(resamples));
  forEachResample(rows, { resamples, seed }, (indices, r) =>
    pairs.forEach((pair, k) => {
      aValues[k]![r] = pair.a.value(indices);
      bValues[k]![r] = pair.b.value(indices);
    }),
  );
  const full = identityIndices(rows);
  return pairs.map((pair, k) => {
    const a = { score: pair.a.value(full), ...percentileInterval(aValues[k]!, confidence) };
    const b = { score: pair.b.value(full), ...percentileInterval(bValues[k]!, confidence) };
    const deltas = aValues[k]!.map((av, r) => bValues[k]![r]! - av);
    const delta = b.score - a.score;
    const interval = percentileInterval(deltas, confidence);
    return { a, b, delta, deltaLow: interval.low, deltaHigh: interval.high, p: pValue(deltas, delta), resamples, seed, confidence };
  });
}

/** The two-sided p-value above; NaN when the observed delta or every resampled one is undefined. */
export function pValue(deltas: ArrayLike<number>, observed: number): number {
  const finite = Array.from(deltas).filter((d) => Number.isFinite(d));
  if (!Number.isFinite(observed) || finite.length === 0) return NaN;
  const mean = finite.reduce((s, d) => s + d, 0) / finite.length;
  const threshold = Math.abs(observed);
  let atLeast = 0;
  for (const d of finite) if (Math.abs(d - mean) >= threshold) atLeast++;
  return (atLeast + 1) / (finite.length + 1);
}

function sameRows(stats: readonly RowStatistic[]): number {
  if (stats.length === 0) return 0;
  const rows = stats[0]!.rows;
  for (const s of stats) if (s.rows !== rows) throw new RangeError(`statistics over ${rows} and ${s.rows} rows cannot be resampled together`);
  return rows;
}
