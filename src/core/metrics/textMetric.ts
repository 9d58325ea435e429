import type { MetricsRow } from "../runner/options";

/** Quality columns of the metrics CSV. */
export type QualityColumn = "rouge1" | "rouge2" | "rougeL" | "bleu" | "chrf" | "bertscore_f1" | "exact_match";

/** A corpus-level text metric: one module per metric, listed in `registry.ts`. */
export interface TextMetric {
  readonly column: QualityColumn & keyof MetricsRow;
  /** Score over aligned predictions and references, on the metrics CSV's scale; undefined when not computable. */
  score(predictions: readonly string[], references: readonly string[]): number | undefined;
}
