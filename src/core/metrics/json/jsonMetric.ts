import type { FieldTypes } from "../../typed/fieldType";
import type { ResultsView } from "../computeMetrics";

/** What the JSON-task metrics read: the results and the declared field types. */
export interface JsonMetricInput {
  results: ResultsView;
  types: FieldTypes;
}

/**
 * A JSON-task metric: a per-row value (100 = yes, 0 = no; undefined = the row is not counted, e.g. never run),
 * averaged over the counted rows into a 0–100 score. `scope: "model"` metrics ignore the field (the metrics
 * CSV repeats them on each of the model's fields). The per-row values feed meanStatistic for the bootstrap
 * (jsonMetricStatistic), so compare can pair two runs on them like any other metric.
 */
export interface JsonMetric {
  readonly id: "schema_compliance" | "field_accuracy" | "type_correctness" | "structural_consistency";
  readonly scope: "model" | "field";
  perRow(input: JsonMetricInput, model: string, field: string): (number | undefined)[];
}

/** Mean of the counted rows' values; undefined when no row counts. */
export function meanOfRows(values: readonly (number | undefined)[]): number | undefined {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v === undefined) continue;
    sum += v;
    n++;
  }
  return n > 0 ? sum / n : undefined;
}
