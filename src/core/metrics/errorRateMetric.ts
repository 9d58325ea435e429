import type { TextMetric } from "./textMetric";
import { charMeasures, wordMeasures } from "./wer";

type Rate = "wer" | "mer" | "wil" | "cer";

function rate(hyps: readonly string[], refs: readonly string[], id: Rate): number {
  return id === "cer" ? charMeasures([...refs], [...hyps]).cer : wordMeasures([...refs], [...hyps])[id];
}

function errorRateMetric(id: Rate): TextMetric {
  return {
    id,
    scale: "0-1",
    score(hyps, refs, _options, perSegment) {
      // jiwer compares against a single reference: the first stream.
      const first = refs[0] ?? [];
      return {
        score: rate(hyps, first, id),
        segments: perSegment ? hyps.map((h, i) => rate([h], [first[i] ?? ""], id)) : undefined,
      };
    },
  };
}

/** WER, MER, WIL and CER as jiwer 4: edit counts summed over the corpus, then divided. */
export const wer = errorRateMetric("wer");
export const mer = errorRateMetric("mer");
export const wil = errorRateMetric("wil");
export const cer = errorRateMetric("cer");
