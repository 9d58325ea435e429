import { factColumn, predColumn } from "../results/columns";
import type { MetricsRow } from "../runner/options";
import { QUALITY_COLUMNS } from "./csvColumns";
import { TEXT_METRICS } from "./registry";
import { DEFAULT_SCORE_OPTIONS, type ScoreOptions } from "./scoreOptions";

/** Read access to a results table (the ResultsStore, or a results CSV read back). */
export interface ResultsView {
  readonly rowCount: number;
  get(row: number, column: string): string;
}

/** Indexes of the rows whose output passed schema validation for `model`. */
export function validRows(results: ResultsView, model: string): number[] {
  const rows: number[] = [];
  for (let row = 0; row < results.rowCount; row++) if (results.get(row, factColumn(model, "valid")) === "true") rows.push(row);
  return rows;
}

/**
 * One metrics row per model and field. Quality metrics are computed over schema-valid rows only (as the seed
 * does); performance columns are per model, repeated on each of its fields.
 */
export function computeMetrics(
  results: ResultsView,
  fields: readonly string[],
  models: readonly string[],
  options: ScoreOptions = DEFAULT_SCORE_OPTIONS,
): MetricsRow[] {
  const out: MetricsRow[] = [];
  for (const model of models) {
    const valid = validRows(results, model);
    let seconds = 0;
    let tokensIn = 0;
    let tokensOut = 0;
    for (let row = 0; row < results.rowCount; row++) {
      seconds += toNumber(results.get(row, factColumn(model, "seconds")));
      tokensIn += toNumber(results.get(row, factColumn(model, "tokens_in")));
      tokensOut += toNumber(results.get(row, factColumn(model, "tokens_out")));
    }
    for (const field of fields) {
      const predictions = valid.map((row) => results.get(row, predColumn(model, field)));
      const references = valid.map((row) => results.get(row, field));
      const row: MetricsRow = {
        model,
        field,
        n_total: results.rowCount,
        n_valid: valid.length,
        runtime_s: seconds,
        tokens_in: tokensIn,
        tokens_out: tokensOut,
        tokens_per_sec: seconds > 0 ? tokensOut / seconds : 0,
      };
      // No valid row: the quality columns stay empty rather than showing a score of nothing.
      if (predictions.length > 0) {
        for (const { column, metric } of QUALITY_COLUMNS) {
          (row[column] as number | undefined) = TEXT_METRICS[metric].score(predictions, [references], options, false).score;
        }
      }
      out.push(row);
    }
  }
  return out;
}

function toNumber(text: string): number {
  const n = Number(text);
  return text !== "" && Number.isFinite(n) ? n : 0;
}
