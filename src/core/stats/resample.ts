import { mulberry32 } from "./rng";

/** sacrebleu's default seed (SACREBLEU_SEED=12345); any fixed value makes results reproducible. */
export const DEFAULT_SEED = 12345;
/** sacrebleu's default number of paired bootstrap resamples. */
export const DEFAULT_RESAMPLES = 1000;

export interface ResampleOptions {
  /** Number of resamples; default 1000. */
  resamples?: number;
  /** PRNG seed; default 12345. The same seed and row count give the same resamples. */
  seed?: number;
}

/**
 * Calls `visit` with `resamples` resamples of `n` rows, each given as multiplicities: `counts[i]` is how often
 * row i was drawn among n uniform draws with replacement (the counts sum to n). Multiplicities rather than a
 * list of drawn rows let every statistic sweep its per-row data in order: at 100,000 rows, random access into
 * 20 MB of chrF++ statistics made a resample ~4× slower. The buffer is reused (never hold on to it).
 */
export function forEachResample(n: number, options: ResampleOptions, visit: (counts: Int32Array, r: number) => void): void {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  const random = mulberry32(options.seed ?? DEFAULT_SEED);
  const counts = new Int32Array(n);
  for (let r = 0; r < resamples; r++) {
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[Math.floor(random() * n)]!++;
    visit(counts, r);
  }
}

/** Every row once: the original sample, on which every statistic gives its plain value. */
export function identityCounts(n: number): Int32Array {
  return new Int32Array(n).fill(1);
}

/** The rows of a resample in row order, each repeated as often as drawn (to check a statistic against a metric). */
export function expandCounts(counts: Int32Array): number[] {
  const rows: number[] = [];
  counts.forEach((c, i) => {
    for (let k = 0; k < c; k++) rows.push(i);
  });
  return rows;
}
