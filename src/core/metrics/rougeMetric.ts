import { rougeCorpus } from "./rouge";
import type { TextMetric } from "./textMetric";
import { segmentRefs } from "./textMetric";

function rougeMetric(id: "rouge1" | "rouge2" | "rougeL" | "rougeLsum"): TextMetric {
  return {
    id,
    scale: "0-1",
    score(hyps, refs, options, perSegment) {
      // Several references: rouge_score's score_multi (the best F per segment).
      const targets = hyps.map((_, i) => (refs.length === 1 ? (refs[0]?.[i] ?? "") : segmentRefs(refs, i)));
      const { mean, segments } = rougeCorpus(targets, hyps, [id], { useStemmer: options.useStemmer, tokenizer: options.rougeTokenizer });
      return {
        score: mean[id].fmeasure,
        precision: mean[id].precision,
        recall: mean[id].recall,
        fmeasure: mean[id].fmeasure,
        segments: perSegment ? segments.map((s) => s[id].fmeasure) : undefined,
      };
    },
  };
}

/** ROUGE as Google's rouge_score: per-segment precision/recall/F, averaged over segments. */
export const rouge1 = rougeMetric("rouge1");
export const rouge2 = rougeMetric("rouge2");
export const rougeL = rougeMetric("rougeL");
export const rougeLsum = rougeMetric("rougeLsum");
