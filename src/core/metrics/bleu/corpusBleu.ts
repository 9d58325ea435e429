import { computeBleuFromStats, type BleuScore } from "./computeBleu";
import { resolveBleuOptions, SMOOTH_DEFAULTS, type BleuOptions, type ResolvedBleuOptions } from "./options";
import { segmentReferences, type ReferenceStreams } from "./referenceStreams";
import { bleuSegmentStats, referenceInfo } from "./segmentStats";
import { pyFixed } from "./pyFixed";
import { formatSignature, type RefCount } from "./signature";

export interface BleuResult extends BleuScore {
  /** sacrebleu's signature, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:prompt-bench-0.1.0`. */
  signature: string;
}

/** sacrebleu's BLEUSignature: smoothing methods that take a value show it, e.g. `smooth:floor[0.10]`. */
export function bleuSignature(options: ResolvedBleuOptions, nrefs: RefCount): string {
  let smooth: string = options.smooth_method;
  const fallback = SMOOTH_DEFAULTS[options.smooth_method];
  if (fallback !== null) smooth += `[${pyFixed(options.smooth_value ?? fallback, 2)}]`;
  return formatSignature([
    ["nrefs", nrefs],
    ["case", options.lowercase ? "lc" : "mixed"],
    ["eff", options.effective_order ? "yes" : "no"],
    ["tok", options.tokenize],
    ["smooth", smooth],
  ]);
}

function scoreSegments(hyps: readonly string[], streams: ReferenceStreams, options: ResolvedBleuOptions): BleuResult {
  const { sums, nrefs } = sumSegmentStats(hyps, streams, options);
  return { ...scoreFromSums(sums, options), signature: bleuSignature(options, nrefs) };
}

function sumSegmentStats(hyps: readonly string[], streams: ReferenceStreams, options: ResolvedBleuOptions): { sums: number[]; nrefs: RefCount } {
  const { bySegment, nrefs } = segmentReferences(hyps.length, streams, options.empty_refs);
  // Integer sums, so the order of addition cannot change the result.
  const sums = new Array<number>(2 + 2 * options.max_ngram_order).fill(0);
  hyps.forEach((hyp, i) => {
    const stats = bleuSegmentStats(hyp, referenceInfo(bySegment[i]!, options), options);
    for (let k = 0; k < sums.length; k++) sums[k]! += stats[k]!;
  });
  return { sums, nrefs };
}

function scoreFromSums(sums: readonly number[], options: ResolvedBleuOptions): BleuScore {
  const order = options.max_ngram_order;
  return computeBleuFromStats(sums.slice(2, 2 + order), sums.slice(2 + order), sums[0]!, sums[1]!, options);
}

/** corpusBleu's summed statistics: integers, so the sums of a corpus's batches add up to the whole exactly. */
export function corpusBleuStats(hyps: readonly string[], refStreams: ReferenceStreams, options: BleuOptions = {}): number[] {
  return sumSegmentStats(hyps, refStreams, resolveBleuOptions(options, false)).sums;
}

/** corpusBleu's score from statistics summed with corpusBleuStats. */
export function corpusBleuFromStats(sums: readonly number[], options: BleuOptions = {}): number {
  return scoreFromSums(sums, resolveBleuOptions(options, false)).score;
}

/**
 * Corpus BLEU as sacrebleu 2.x `BLEU(**options).corpus_score(hyps, refStreams)`: n-gram statistics summed over
 * all segments, then one score. `refStreams[k][i]` is the k-th reference of segment i; null marks a missing one.
 * Throws on an empty corpus, streams of another length, or a segment without references.
 */
export function corpusBleu(hyps: readonly string[], refStreams: ReferenceStreams, options: BleuOptions = {}): BleuResult {
  return scoreSegments(hyps, refStreams, resolveBleuOptions(options, false));
}

/**
 * Sentence BLEU against one or more references. `effective_order` defaults to true, as sacrebleu's
 * `sentence_bleu` (the `BLEU` class would warn without it).
 */
export function sentenceBleu(
  hyp: string,
  refs: readonly (string | null | undefined)[],
  options: BleuOptions = {},
): BleuResult {
  return scoreSegments([hyp], refs.map((ref) => [ref]), resolveBleuOptions(options, true));
}
