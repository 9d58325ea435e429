import { factColumn, predColumn } from "../results/columns";
import type { MetricsRow } from "../runner/options";
import { intervalOf, metricStatistic, rankResampled, resample, type BootstrapOptions, type Resampled, type RowStatistic } from "../stats";
import type { ResultsView } from "./computeMetrics";
import { QUALITY_COLUMNS } from "./csvColumns";
import type { ScoreOptions } from "./scoreOptions";

/** The metric the `rank` column ranks by: chrF++ (the `chrf` column), the headline metric of free text. */
export const RANK_METRIC = "chrf++";

/**
 * One field's quality columns for every model, with a bootstrap interval for each and the models' rank by
 * chrF++ (ties share a rank; see rankModels). All models' statistics are resampled together over all the
 * results' rows, so the rank's model pairs are paired bootstraps, and each model is scored on its own valid
 * rows as computeMetrics does: a resample's score covers the valid rows it drew (their number varies, as it
 * would on another sample of the dataset). The scores equal batchedCorpusScore's bit for bit. Models without a
 * valid row get nothing (their quality columns stay empty).
 */
export function qualityWithIntervals(
  results: ResultsView,
  field: string,
  models: readonly string[],
  valid: ReadonlyMap<string, readonly boolean[]>,
  options: ScoreOptions,
  bootstrap: BootstrapOptions,
): Map<string, Partial<MetricsRow>> {
  const refs: string[] = [];
  for (let row = 0; row < results.rowCount; row++) refs.push(results.get(row, field));
  const scored = models.filter((m) => valid.get(m)!.some((v) => v));
  const stats: RowStatistic[] = [];
  for (const model of scored) {
    const pred = predColumn(model, field);
    const hyps: string[] = [];
    for (let row = 0; row < results.rowCount; row++) hyps.push(results.get(row, pred));
    for (const { metric } of QUALITY_COLUMNS) stats.push(metricStatistic(metric, hyps, [refs], options, valid.get(model)));
  }
  const resampled = resample(stats, bootstrap);
  const width = QUALITY_COLUMNS.length;
  const rankAt = QUALITY_COLUMNS.findIndex((q) => q.metric === RANK_METRIC);
  const ranks = rankResampled(scored, pick(resampled, scored.map((_, m) => m * width + rankAt)));
  const out = new Map<string, Partial<MetricsRow>>();
  scored.forEach((model, m) => {
    const row: Record<string, number> = {};
    QUALITY_COLUMNS.forEach(({ column }, q) => {
      const { score, low, high } = intervalOf(resampled, m * width + q);
      row[column] = score;
      row[`${column}_ci_low`] = low;
      row[`${column}_ci_high`] = high;
    });
    row.rank = ranks.find((r) => r.name === model)!.rank;
    out.set(model, row as Partial<MetricsRow>);
  });
  return out;
}

function pick(r: Resampled, indices: readonly number[]): Resampled {
  return { ...r, scores: indices.map((k) => r.scores[k]!), values: indices.map((k) => r.values[k]!) };
}

/** `raw_<model>__valid` of every row as booleans ("true" only: failed and not-run rows are not valid). */
export function validMask(results: ResultsView, model: string): boolean[] {
  const mask: boolean[] = [];
  for (let row = 0; row < results.rowCount; row++) mask.push(results.get(row, factColumn(model, "valid")) === "true");
  return mask;
}
