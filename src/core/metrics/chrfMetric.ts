import { corpusChrf, sentenceChrf, type ChrfOptions } from "./chrf";
import type { ScoreOptions } from "./scoreOptions";
import { segmentRefs, type TextMetric } from "./textMetric";

/** The chrF options of the score options; word order 0 is chrF, 2 chrF++. */
export function chrfOptionsFor(o: ScoreOptions, wordOrder: number): ChrfOptions {
  return { word_order: wordOrder, beta: o.chrfBeta, lowercase: o.lowercase, whitespace: o.chrfWhitespace, eps_smoothing: o.chrfEpsSmoothing };
}

function chrfMetric(id: "chrf" | "chrf++", wordOrder: number): TextMetric {
  const chrfOptions = (o: ScoreOptions): ChrfOptions => chrfOptionsFor(o, wordOrder);
  return {
    id,
    scale: "0-100",
    score(hyps, refs, options, perSegment) {
      const result = corpusChrf(hyps, refs, chrfOptions(options));
      return {
        score: result.score,
        signature: result.signature,
        segments: perSegment ? hyps.map((h, i) => sentenceChrf(h, segmentRefs(refs, i), chrfOptions(options)).score) : undefined,
      };
    },
  };
}

/** chrF (character n-grams only) and chrF++ (plus word unigrams and bigrams), as sacrebleu. */
export const chrf = chrfMetric("chrf", 0);
export const chrfPlusPlus = chrfMetric("chrf++", 2);
