import type { MetricsRow } from "../runner/options";
import type { MetricId } from "./textMetric";

/**
 * Which metric fills which quality column of the metrics CSV, on the reference tools' scales: ROUGE F-measure
 * 0–1 (rouge_score, averaged over rows), BLEU and chrF++ 0–100 (sacrebleu, corpus level), exact match 0–100.
 */
export const QUALITY_COLUMNS: readonly { column: keyof MetricsRow; metric: MetricId }[] = [
  { column: "rouge1", metric: "rouge1" },
  { column: "rouge2", metric: "rouge2" },
  { column: "rougeL", metric: "rougeL" },
  { column: "bleu", metric: "bleu" },
  { column: "chrf", metric: "chrf++" },
  { column: "exact_match", metric: "exact_match" },
];
