import type { ScoreOptions } from "./scoreOptions";

export const METRIC_IDS = ["bleu", "chrf", "chrf++", "rouge1", "rouge2", "rougeL", "rougeLsum", "wer", "cer", "mer", "wil", "exact_match"] as const;
export type MetricId = (typeof METRIC_IDS)[number];

/** A corpus score on the reference tool's own scale, with what that tool reports beside it. */
export interface MetricResult {
  score: number;
  /** sacrebleu's signature, for BLEU and chrF. */
  signature?: string;
  /** ROUGE: mean precision/recall/F over segments (score = fmeasure). */
  precision?: number;
  recall?: number;
  fmeasure?: number;
  /** One value per segment, when asked for (sentence BLEU uses effective order). */
  segments?: number[];
}

/**
 * One text metric: hypotheses against reference streams (`refs[k][i]` is the k-th reference of segment i, as in
 * sacrebleu). Each lives in its own module and is listed in `registry.ts`.
 */
export interface TextMetric {
  readonly id: MetricId;
  /** "0-100" for sacrebleu's metrics and exact match, "0-1" for rouge-score and jiwer. */
  readonly scale: "0-100" | "0-1";
  score(hyps: readonly string[], refs: readonly (readonly string[])[], options: ScoreOptions, perSegment: boolean): MetricResult;
}

/** References of segment i, one per stream. */
export function segmentRefs(refs: readonly (readonly string[])[], i: number): string[] {
  return refs.map((stream) => stream[i] ?? "");
}
