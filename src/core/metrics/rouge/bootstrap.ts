import { mulberry32 } from "../../stats/rng";
import type { RougeScore } from "./scoreParts";

/** rouge_score's `AggregateScore`: the bootstrap confidence interval of the mean. */
export interface AggregateScore {
  low: RougeScore;
  mid: RougeScore;
  high: RougeScore;
}

export interface BootstrapOptions {
  /** Default 0.95: low and high are the 2.5th and 97.5th percentiles. */
  confidenceInterval?: number;
  /** Default 1000 resamples. */
  nSamples?: number;
  /** Seed of the resampling; default 0, so results are reproducible. */
  seed?: number;
}

/** numpy's default percentile (method "linear") of an ascending array, q in [0, 100]. */
export function percentile(sorted: readonly number[], q: number): number {
  const pos = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

const MEASURES = ["precision", "recall", "fmeasure"] as const;

/**
 * rouge_score's `BootstrapAggregator`: resample the segments with replacement `nSamples` times, take each
 * resample's mean, and report percentiles of those means (mid = median). numpy's RNG is not reproduced, so low,
 * mid and high agree with rouge_score's statistically, not digit for digit; rouge_score's own values change
 * from run to run unless numpy is seeded.
 */
export function bootstrapAggregate(scores: readonly RougeScore[], options: BootstrapOptions = {}): AggregateScore {
  const ci = options.confidenceInterval ?? 0.95;
  const nSamples = options.nSamples ?? 1000;
  if (ci < 0 || ci > 1) throw new RangeError("confidenceInterval must be in [0, 1]");
  if (!(nSamples > 0)) throw new RangeError("nSamples must be positive");
  if (scores.length === 0) throw new RangeError("no scores to aggregate");
  const random = mulberry32(options.seed ?? 0);
  const means = { precision: [] as number[], recall: [] as number[], fmeasure: [] as number[] };
  for (let s = 0; s < nSamples; s++) {
    const sum = { precision: 0, recall: 0, fmeasure: 0 };
    for (let k = 0; k < scores.length; k++) {
      const pick = scores[Math.floor(random() * scores.length)];
      for (const m of MEASURES) sum[m] += pick[m];
    }
    for (const m of MEASURES) means[m].push(sum[m] / scores.length);
  }
  const delta = (1 - ci) / 2;
  const at = (q: number): RougeScore => {
    const out = { precision: 0, recall: 0, fmeasure: 0 };
    for (const m of MEASURES) out[m] = percentile(means[m], 100 * q);
    return out;
  };
  for (const m of MEASURES) means[m].sort((x, y) => x - y);
  return { low: at(delta), mid: at(0.5), high: at(1 - delta) };
}
