import { TEXT_METRICS } from "./registry";
import type { ScoreOptions } from "./scoreOptions";
import type { MetricId, MetricResult } from "./textMetric";

/** Scores aligned hypotheses against reference streams with the chosen metrics. */
export function scoreTexts(
  hyps: readonly string[],
  refs: readonly (readonly string[])[],
  metrics: readonly MetricId[],
  options: ScoreOptions,
  perSegment = false,
): Partial<Record<MetricId, MetricResult>> {
  const out: Partial<Record<MetricId, MetricResult>> = {};
  for (const id of metrics) out[id] = TEXT_METRICS[id].score(hyps, refs, options, perSegment);
  return out;
}
