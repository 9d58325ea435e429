import type { MetricsRow } from "../../runner/options";
import { meanStatistic, type RowStatistic } from "../../stats/rowStatistic";
import type { FieldTypes } from "../../typed/fieldType";
import type { ResultsView } from "../computeMetrics";
import { JSON_METRICS } from "../registry";
import { meanOfRows, type JsonMetric } from "./jsonMetric";

/** The metrics-CSV columns of the JSON-task metrics, in their order (appended after the seed's and issue 12's). */
export const JSON_METRIC_COLUMNS = ["schema_compliance", "field_accuracy", "type_correctness", "structural_consistency", "field_accuracy_model", "type_correctness_model"] as const;

/**
 * Fills the JSON-task columns of each metrics row (one per model and field) from the results: per field
 * field_accuracy and type_correctness; per model schema_compliance, structural_consistency and the means over
 * all its fields' rows (`field_accuracy_model`, `type_correctness_model`: every row × field cell counts once).
 * Only called when a schema file declares the fields; rows of models that ran no row stay empty.
 */
export function addJsonTaskMetrics(rows: MetricsRow[], results: ResultsView, types: FieldTypes): void {
  const input = { results, types };
  const fields = Object.keys(types);
  const perModel = new Map<string, Partial<MetricsRow>>();
  for (const row of rows) {
    let model = perModel.get(row.model);
    if (!model) {
      const all = (metric: JsonMetric): number | undefined => meanOfRows(fields.flatMap((field) => metric.perRow(input, row.model, field)));
      model = {
        schema_compliance: meanOfRows(JSON_METRICS.schema_compliance.perRow(input, row.model, "")),
        structural_consistency: meanOfRows(JSON_METRICS.structural_consistency.perRow(input, row.model, "")),
        field_accuracy_model: all(JSON_METRICS.field_accuracy),
        type_correctness_model: all(JSON_METRICS.type_correctness),
      };
      perModel.set(row.model, model);
    }
    assign(row, model);
    assign(row, {
      field_accuracy: meanOfRows(JSON_METRICS.field_accuracy.perRow(input, row.model, row.field)),
      type_correctness: meanOfRows(JSON_METRICS.type_correctness.perRow(input, row.model, row.field)),
    });
  }
}

function assign(row: MetricsRow, values: Partial<MetricsRow>): void {
  for (const [key, value] of Object.entries(values)) if (value !== undefined) (row as unknown as Record<string, unknown>)[key] = value;
}

/** A JSON metric as a resamplable statistic (for compare's paired bootstrap): the mean of its counted rows. */
export function jsonMetricStatistic(metric: JsonMetric, results: ResultsView, types: FieldTypes, model: string, field: string): RowStatistic {
  const values = metric.perRow({ results, types }, model, field);
  return meanStatistic(values.map((v) => v ?? 0), values.map((v) => v !== undefined));
}
