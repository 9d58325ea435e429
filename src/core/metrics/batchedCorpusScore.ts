import { corpusBleuFromStats, corpusBleuStats } from "./bleu/corpusBleu";
import { bleuOptions } from "./bleuMetric";
import { chrfFScore, corpusChrf } from "./chrf";
import { resolveChrfOptions } from "./chrf/options";
import { chrfOptionsFor } from "./chrfMetric";
import { TEXT_METRICS } from "./registry";
import type { ScoreOptions } from "./scoreOptions";
import type { MetricId } from "./textMetric";

/** Segments per batch: small enough that a batch's working memory dies young in the GC. */
export const SCORE_BATCH = 2000;

/**
 * The corpus score `TEXT_METRICS[metric].score(hyps, [refs])` would give — to the last bit — computed over
 * batches of segments, so scoring 100,000 rows does not hold 100,000 segments' n-gram tables at once (that
 * raised the peak memory of a run by ~110 MB). Means of per-segment scores (ROUGE, exact match) are summed in
 * segment order as the metric does; BLEU and chrF sum their integer statistics. Other metrics run unbatched.
 */
export function batchedCorpusScore(metric: MetricId, count: number, hypAt: (i: number) => string, refAt: (i: number) => string, options: ScoreOptions): number {
  if (count === 0) return TEXT_METRICS[metric].score([], [[]], options, false).score;
  const batches = function* (): Generator<[string[], string[]]> {
    for (let start = 0; start < count; start += SCORE_BATCH) {
      const end = Math.min(count, start + SCORE_BATCH);
      const hyps: string[] = [];
      const refs: string[] = [];
      for (let i = start; i < end; i++) {
        hyps.push(hypAt(i));
        refs.push(refAt(i));
      }
      yield [hyps, refs];
    }
  };
  switch (metric) {
    case "rouge1":
    case "rouge2":
    case "rougeL":
    case "exact_match": {
      let sum = 0;
      for (const [hyps, refs] of batches()) for (const s of TEXT_METRICS[metric].score(hyps, [refs], options, true).segments!) sum += s;
      return sum / count;
    }
    case "bleu": {
      let sums: number[] | undefined;
      for (const [hyps, refs] of batches()) sums = add(sums, corpusBleuStats(hyps, [refs], bleuOptions(options)));
      return corpusBleuFromStats(sums!, bleuOptions(options));
    }
    case "chrf":
    case "chrf++": {
      const chrf = chrfOptionsFor(options, metric === "chrf" ? 0 : 2);
      let sums: number[] | undefined;
      for (const [hyps, refs] of batches()) sums = add(sums, corpusChrf(hyps, [refs], chrf).stats);
      const resolved = resolveChrfOptions(chrf);
      return chrfFScore(sums!, resolved.beta, resolved.eps_smoothing);
    }
    default: {
      const all = [...batches()];
      return TEXT_METRICS[metric].score(all.flatMap(([h]) => h), [all.flatMap(([, r]) => r)], options, false).score;
    }
  }
}

function add(sums: number[] | undefined, stats: readonly number[]): number[] {
  if (!sums) return [...stats];
  for (let k = 0; k < sums.length; k++) sums[k]! += stats[k]!;
  return sums;
}
