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
 * Calls `visit` with `resamples` index sets of `n` rows each, drawn uniformly with replacement. The buffer is
 * reused (never hold on to it): keeping 1,000 × 100,000 indices would take 400 MB.
 */
export function forEachResample(n: number, options: ResampleOptions, visit: (indices: Int32Array, r: number) => void): void {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  const random = mulberry32(options.seed ?? DEFAULT_SEED);
  const indices = new Int32Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) indices[i] = Math.floor(random() * n);
    visit(indices, r);
  }
}

/** 0, 1, …, n-1: the original sample, on which every statistic gives its plain value. */
export function identityIndices(n: number): Int32Array {
  const indices = new Int32Array(n);
  for (let i = 0; i < n; i++) indices[i] = i;
  return indices;
}
