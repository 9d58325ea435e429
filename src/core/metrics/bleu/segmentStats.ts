import { getTokenizer, pyRstrip, pySplit } from "../tokenizers";
import type { ResolvedBleuOptions } from "./options";

/** Counts of each n-gram, one map per order (index 0 = unigrams); keys are the tokens joined by a space. */
export type NgramCounts = Map<string, number>[];

/** Tokens as BLEU sees them: optional lowercasing, trailing whitespace removed, tokenized, split on whitespace. */
export function bleuTokens(text: string, options: ResolvedBleuOptions): string[] {
  const cased = options.lowercase ? text.toLowerCase() : text;
  return pySplit(getTokenizer(options.tokenize)(pyRstrip(cased)));
}

/** Tokens never contain whitespace, so joining them with a space gives a unique key per n-gram. */
export function wordNgramCounts(tokens: readonly string[], maxOrder: number): NgramCounts {
  const counts: NgramCounts = [];
  for (let n = 1; n <= maxOrder; n++) {
    const map = new Map<string, number>();
    for (let i = 0; i + n <= tokens.length; i++) {
      const key = n === 1 ? tokens[i]! : tokens.slice(i, i + n).join(" ");
      map.set(key, (map.get(key) ?? 0) + 1);
    }
    counts.push(map);
  }
  return counts;
}

/** What a segment's references contribute: each n-gram's highest count in any reference, and their lengths. */
export interface ReferenceInfo {
  ngrams: NgramCounts;
  lengths: number[];
}

export function referenceInfo(refs: readonly string[], options: ResolvedBleuOptions): ReferenceInfo {
  const ngrams: NgramCounts = Array.from({ length: options.max_ngram_order }, () => new Map<string, number>());
  const lengths: number[] = [];
  for (const ref of refs) {
    const tokens = bleuTokens(ref, options);
    lengths.push(tokens.length);
    wordNgramCounts(tokens, options.max_ngram_order).forEach((map, n) => {
      const merged = ngrams[n]!;
      for (const [key, count] of map) merged.set(key, Math.max(merged.get(key) ?? 0, count));
    });
  }
  return { ngrams, lengths };
}

/** The reference length closest to the hypothesis length; on a tie the shorter one (sacrebleu, mteval-v13a). */
export function closestRefLength(hypLength: number, refLengths: readonly number[]): number {
  let bestDiff = -1;
  let best = -1;
  for (const len of refLengths) {
    const diff = Math.abs(hypLength - len);
    if (bestDiff === -1 || diff < bestDiff) {
      bestDiff = diff;
      best = len;
    } else if (diff === bestDiff && len < best) {
      best = len;
    }
  }
  return best;
}

/** One segment's sufficient statistics: `[hypLen, refLen, ...correct, ...total]`, as sacrebleu lays them out. */
export function bleuSegmentStats(hyp: string, refs: ReferenceInfo, options: ResolvedBleuOptions): number[] {
  const order = options.max_ngram_order;
  const tokens = bleuTokens(hyp, options);
  const correct = new Array<number>(order).fill(0);
  const total = new Array<number>(order).fill(0);
  wordNgramCounts(tokens, order).forEach((map, n) => {
    const refMap = refs.ngrams[n]!;
    for (const [key, count] of map) {
      total[n]! += count;
      const refCount = refMap.get(key);
      if (refCount !== undefined) correct[n]! += Math.min(count, refCount);
    }
  });
  return [tokens.length, closestRefLength(tokens.length, refs.lengths), ...correct, ...total];
}
