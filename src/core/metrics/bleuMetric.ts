import { corpusBleu, sentenceBleu, type BleuOptions } from "./bleu";
import type { ScoreOptions } from "./scoreOptions";
import { segmentRefs, type TextMetric } from "./textMetric";

export function bleuOptions(o: ScoreOptions): BleuOptions {
  return { tokenize: o.tokenize, lowercase: o.lowercase, smooth_method: o.smoothMethod, smooth_value: o.smoothValue ?? null };
}

/** Corpus BLEU as sacrebleu; per segment, sentence BLEU with effective order (sacrebleu's sentence_score). */
export const bleu: TextMetric = {
  id: "bleu",
  scale: "0-100",
  score(hyps, refs, options, perSegment) {
    const result = corpusBleu(hyps, refs, bleuOptions(options));
    return {
      score: result.score,
      signature: result.signature,
      segments: perSegment ? hyps.map((h, i) => sentenceBleu(h, segmentRefs(refs, i), bleuOptions(options)).score) : undefined,
    };
  },
};
