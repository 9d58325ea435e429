/** Default confidence level of every interval. */
export const DEFAULT_CONFIDENCE = 0.95;

/**
 * Percentile interval of bootstrap values, with sacrebleu's order statistics (`estimate_ci`): of n sorted
 * values, the ⌊n·(1−c)/2⌋-th from each end (0-based), i.e. the 26th smallest and 26th largest of 1,000 for
 * c = 0.95. Non-finite values (a resample with nothing to score) are left out; none left gives NaNs.
 */
export function percentileInterval(values: ArrayLike<number>, confidence = DEFAULT_CONFIDENCE): { low: number; high: number; mean: number } {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be between 0 and 1, got ${confidence}`);
  const finite = Float64Array.from(Array.from(values).filter((v) => Number.isFinite(v))).sort();
  const n = finite.length;
  if (n === 0) return { low: NaN, high: NaN, mean: NaN };
  const lower = Math.floor((n * (1 - confidence)) / 2);
  let sum = 0;
  for (const v of finite) sum += v;
  return { low: finite[lower]!, high: finite[n - lower - 1]!, mean: sum / n };
}
