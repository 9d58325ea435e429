import { DEFAULT_CONFIDENCE, percentileInterval } from "./interval";
import { DEFAULT_RESAMPLES, DEFAULT_SEED, forEachResample, identityCounts, type ResampleOptions } from "./resample";
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

/** Statistics' scores on the rows themselves and on each resample; all statistics share the resamples. */
export interface Resampled {
  scores: number[];
  /** values[k][r]: statistic k on resample r. */
  values: Float64Array[];
  resamples: number;
  seed: number;
  confidence: number;
}

/** Scores every statistic on the same resamples (the draws are made once for all of them). */
export function resample(stats: readonly RowStatistic[], options: BootstrapOptions = {}): Resampled {
  const rows = sameRows(stats);
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? DEFAULT_SEED;
  const values = stats.map(() => new Float64Array(resamples));
  forEachResample(rows, { resamples, seed }, (counts, r) => {
    for (let k = 0; k < stats.length; k++) values[k]![r] = stats[k]!.value(counts);
  });
  const full = identityCounts(rows);
  return { scores: stats.map((s) => s.value(full)), values, resamples, seed, confidence: options.confidence ?? DEFAULT_CONFIDENCE };
}

/** Statistic k's score with its percentile interval. */
export function intervalOf(r: Resampled, k: number): ScoreInterval {
  return { score: r.scores[k]!, ...percentileInterval(r.values[k]!, r.confidence) };
}

/**
 * Statistic `b` against statistic `a` of the same resamples: paired, since both were scored on the same
 * resampled rows. See pairedBootstrap for the interval and the p-value.
 */
export function compareResampled(r: Resampled, a: number, b: number): PairedComparison {
  const av = r.values[a]!;
  const bv = r.values[b]!;
  const deltas = bv.map((v, k) => v - av[k]!);
  const delta = r.scores[b]! - r.scores[a]!;
  const interval = percentileInterval(deltas, r.confidence);
  return {
    a: intervalOf(r, a),
    b: intervalOf(r, b),
    delta,
    deltaLow: interval.low,
    deltaHigh: interval.high,
    p: pValue(deltas, delta),
    resamples: r.resamples,
    seed: r.seed,
    confidence: r.confidence,
  };
}

/** Single-system bootstrap: each statistic's score and percentile interval, all from the same resamples. */
export function bootstrapIntervals(stats: readonly RowStatistic[], options: BootstrapOptions = {}): ScoreInterval[] {
  const r = resample(stats, options);
  return stats.map((_, k) => intervalOf(r, k));
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
 *   p-values are not uniform for systems of equal quality (none above 0.5 in our simulation, KS D = 0.57); we
 *   centre δ* and then take |·|. And ≥ instead of sacrebleu's >, so a system compared with itself (δ = δ* = 0)
 *   gets p = 1, not 1/(R+1).
 *
 * Several pairs (e.g. every metric of a model × field) share the same resamples. Every statistic must cover the
 * same rows, in the same order.
 */
export function pairedBootstrap(pairs: readonly { a: RowStatistic; b: RowStatistic }[], options: BootstrapOptions = {}): PairedComparison[] {
  const r = resample(
    pairs.flatMap((p) => [p.a, p.b]),
    options,
  );
  return pairs.map((_, k) => compareResampled(r, 2 * k, 2 * k + 1));
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
