import { createRougeScorer, type RougeOptions, type RougeScores, type RougeType } from "./rougeScore";
import type { RougeScore } from "./scoreParts";

/** Mean precision, recall and F-measure over segments (0 for each when there are none). */
export function meanScore(scores: readonly RougeScore[]): RougeScore {
  if (scores.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  let precision = 0;
  let recall = 0;
  let f = 0;
  for (const s of scores) {
    precision += s.precision;
    recall += s.recall;
    f += s.fmeasure;
  }
  return { precision: precision / scores.length, recall: recall / scores.length, fmeasure: f / scores.length };
}

export interface RougeCorpusResult<T extends RougeType> {
  /** Per type, the mean of the per-segment scores: what rouge-score users report. */
  mean: RougeScores<T>;
  /** Per segment, the scores (the max-F reference where a segment has several). */
  segments: RougeScores<T>[];
}

/**
 * Scores aligned segments and averages them. A reference may be one string or several (then `score_multi`).
 * rouge_score has no corpus-level ROUGE: its users average per-segment scores (or take the bootstrap
 * aggregator's mid, which estimates the same mean; see bootstrap.ts).
 */
export function rougeCorpus<T extends RougeType>(
  references: readonly (string | readonly string[])[],
  predictions: readonly string[],
  types: readonly T[],
  options: RougeOptions = {},
): RougeCorpusResult<T> {
  if (references.length !== predictions.length) {
    throw new RangeError(`${references.length} references but ${predictions.length} predictions`);
  }
  const scorer = createRougeScorer(types, options);
  const segments = predictions.map((prediction, i) => {
    const ref = references[i];
    return typeof ref === "string" ? scorer.score(ref, prediction) : scorer.scoreMulti(ref, prediction);
  });
  const mean = {} as RougeScores<T>;
  for (const type of types) mean[type] = meanScore(segments.map((s) => s[type]));
  return { mean, segments };
}
