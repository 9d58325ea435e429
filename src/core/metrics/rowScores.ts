import { predColumn } from "../results/columns";
import { validRows, type ResultsView } from "./computeMetrics";
import { TEXT_METRICS } from "./registry";
import { DEFAULT_SCORE_OPTIONS, type ScoreOptions } from "./scoreOptions";
import type { MetricId } from "./textMetric";

/** The per-row metrics the panel shows and sorts by. */
export const ROW_METRICS: readonly MetricId[] = ["exact_match", "bleu", "chrf++", "rougeL"];

/**
 * Each schema-valid row's own scores for one model and field (sentence BLEU with effective order, sentence
 * chrF++, ROUGE-L F, exact match), keyed by row index; invalid rows have none.
 */
export function rowScores(
  results: ResultsView,
  model: string,
  field: string,
  metrics: readonly MetricId[] = ROW_METRICS,
  options: ScoreOptions = DEFAULT_SCORE_OPTIONS,
): Map<number, Partial<Record<MetricId, number>>> {
  const rows = validRows(results, model);
  const out = new Map<number, Partial<Record<MetricId, number>>>(rows.map((r) => [r, {}]));
  if (rows.length === 0) return out;
  const hyps = rows.map((r) => results.get(r, predColumn(model, field)));
  const refs = [rows.map((r) => results.get(r, field))];
  for (const id of metrics) {
    const segments = TEXT_METRICS[id].score(hyps, refs, options, true).segments ?? [];
    rows.forEach((r, i) => {
      out.get(r)![id] = segments[i];
    });
  }
  return out;
}
