import { lcsLength, unionLcs } from "./lcs";

/** rouge_score's `Score` tuple. */
export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

export const ZERO_SCORE: Readonly<RougeScore> = Object.freeze({ precision: 0, recall: 0, fmeasure: 0 });

/** `scoring.fmeasure`: the harmonic mean, 0 when both are 0 (same operation order, so the same float). */
export function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

/** n-gram counts keyed by the tokens joined with a space (tokens never contain spaces). */
export function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = n === 1 ? tokens[i] : tokens.slice(i, i + n).join(" ");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function total(counts: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const c of counts.values()) sum += c;
  return sum;
}

/** ROUGE-N (`_score_ngrams`): clipped overlap; each denominator is at least 1, so empty sides give 0. */
export function scoreNgrams(target: readonly string[], prediction: readonly string[], n: number): RougeScore {
  const t = ngramCounts(target, n);
  const p = ngramCounts(prediction, n);
  let overlap = 0;
  for (const [gram, count] of t) overlap += Math.min(count, p.get(gram) ?? 0);
  const precision = overlap / Math.max(total(p), 1);
  const recall = overlap / Math.max(total(t), 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** ROUGE-L (`_score_lcs`). */
export function scoreLcs(target: readonly string[], prediction: readonly string[]): RougeScore {
  if (target.length === 0 || prediction.length === 0) return { ...ZERO_SCORE };
  const lcs = lcsLength(target, prediction);
  const precision = lcs / prediction.length;
  const recall = lcs / target.length;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/**
 * ROUGE-Lsum (`_summary_level_lcs`, Lin 2004 §3.2): for each reference sentence, the union of its LCS with every
 * candidate sentence; like ROUGE-1.5.5, a token counts as a hit only while unused copies of it remain on both
 * sides, so a word is not counted twice.
 */
export function scoreSummaryLcs<T>(
  targetSents: readonly (readonly T[])[],
  predictionSents: readonly (readonly T[])[],
): RougeScore {
  if (targetSents.length === 0 || predictionSents.length === 0) return { ...ZERO_SCORE };
  const m = targetSents.reduce((sum, s) => sum + s.length, 0);
  const n = predictionSents.reduce((sum, s) => sum + s.length, 0);
  if (m === 0 || n === 0) return { ...ZERO_SCORE };
  const left = (sents: readonly (readonly T[])[]): Map<T, number> => {
    const counts = new Map<T, number>();
    for (const s of sents) for (const tok of s) counts.set(tok, (counts.get(tok) ?? 0) + 1);
    return counts;
  };
  const leftTarget = left(targetSents);
  const leftPrediction = left(predictionSents);
  let hits = 0;
  for (const ref of targetSents) {
    for (const tok of unionLcs(ref, predictionSents)) {
      const inPrediction = leftPrediction.get(tok) ?? 0;
      const inTarget = leftTarget.get(tok) ?? 0;
      if (inPrediction > 0 && inTarget > 0) {
        hits++;
        leftPrediction.set(tok, inPrediction - 1);
        leftTarget.set(tok, inTarget - 1);
      }
    }
  }
  const recall = hits / m;
  const precision = hits / n;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}
