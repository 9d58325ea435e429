import type { MetricId } from "../metrics/textMetric";

const LOWER: ReadonlySet<string> = new Set<MetricId>(["wer", "cer", "mer", "wil"]);

/** Error rates are better when lower; every other text metric when higher. */
export function lowerIsBetter(metric: MetricId): boolean {
  return LOWER.has(metric);
}
