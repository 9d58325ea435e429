import { segmentReferences, type ReferenceStreams } from "../bleu/referenceStreams";
import { chrfFScore } from "./fScore";
import { chrfNgrams, type NgramCounts } from "./ngrams";
import { chrfName, chrfSignature, resolveChrfOptions, type ChrfOptions, type ResolvedChrfOptions } from "./options";

export interface ChrfResult {
  /** 0–100, as sacrebleu. */
  score: number;
  /** `chrF2`, `chrF2++`, … */
  name: string;
  signature: string;
  /** Summed `[hyp, ref, match]` counts per order: character orders, then word orders. */
  stats: number[];
}

/** sacrebleu's `_get_match_statistics`: hypothesis n-grams only count for an order the reference has. */
function matchStats(hyp: NgramCounts, ref: NgramCounts): number[] {
  const stats: number[] = [];
  hyp.forEach((hypMap, n) => {
    const refMap = ref[n]!;
    let hypCount = 0;
    let matches = 0;
    for (const [key, count] of hypMap) {
      hypCount += count;
      const refCount = refMap.get(key);
      if (refCount !== undefined) matches += Math.min(count, refCount);
    }
    let refCount = 0;
    for (const count of refMap.values()) refCount += count;
    stats.push(refMap.size > 0 ? hypCount : 0, refCount, matches);
  });
  return stats;
}

/** The statistics of the reference with the best sentence-level score; the first one wins a tie. */
function bestSegmentStats(hyp: string, refs: readonly string[], options: ResolvedChrfOptions): number[] {
  const { char_order, word_order, whitespace } = options;
  const hypNgrams = chrfNgrams(hyp, char_order, word_order, whitespace);
  let best: number[] = [];
  let bestScore = -1.0;
  for (const ref of refs) {
    const stats = matchStats(hypNgrams, chrfNgrams(ref, char_order, word_order, whitespace));
    const score = chrfFScore(stats, options.beta, options.eps_smoothing);
    if (score > bestScore) {
      bestScore = score;
      best = stats;
    }
  }
  return best;
}

function scoreSegments(hyps: readonly string[], streams: ReferenceStreams, options: ResolvedChrfOptions): ChrfResult {
  const { bySegment, nrefs } = segmentReferences(hyps.length, streams, options.empty_refs);
  const lower = (text: string): string => (options.lowercase ? text.toLowerCase() : text);
  const stats = new Array<number>(3 * (options.char_order + options.word_order)).fill(0);
  hyps.forEach((hyp, i) => {
    const segment = bestSegmentStats(lower(hyp), bySegment[i]!.map(lower), options);
    for (let k = 0; k < stats.length; k++) stats[k]! += segment[k]!;
  });
  return {
    score: chrfFScore(stats, options.beta, options.eps_smoothing),
    name: chrfName(options),
    signature: chrfSignature(options, nrefs),
    stats,
  };
}

/**
 * Corpus chrF / chrF++ as sacrebleu 2.x `CHRF(**options).corpus_score(hyps, refStreams)`: per segment the
 * reference with the best sentence-level F-score, its statistics summed over the corpus, then one F-score.
 * `refStreams[k][i]` is the k-th reference of segment i; null marks a missing one.
 */
export function corpusChrf(hyps: readonly string[], refStreams: ReferenceStreams, options: ChrfOptions = {}): ChrfResult {
  return scoreSegments(hyps, refStreams, resolveChrfOptions(options));
}

/** chrF of one hypothesis against one or more references (sacrebleu's `sentence_score`). */
export function sentenceChrf(
  hyp: string,
  refs: readonly (string | null | undefined)[],
  options: ChrfOptions = {},
): ChrfResult {
  return scoreSegments([hyp], refs.map((ref) => [ref]), resolveChrfOptions(options));
}
