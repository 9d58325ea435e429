import { factColumn, predColumn } from "../results/columns";
import type { MetricsRow } from "../runner/options";
import { intervalOf, metricStatistic, rankResampled, resample, type BootstrapOptions, type Resampled } from "../stats";
import type { ResultsView } from "./computeMetrics";
import { QUALITY_COLUMNS } from "./csvColumns";
import type { ScoreOptions } from "./scoreOptions";

/** The metric the `rank` column ranks by: chrF++ (the `chrf` column), the headline metric of free text. */
export const RANK_METRIC = "chrf++";

/**
 * One field's quality columns for every model, with a bootstrap interval for each and the models' rank by
 * chrF++ (ties share a rank; see rankModels). Every model is resampled with the same draws over all the
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
  const rankAt = QUALITY_COLUMNS.findIndex((q) => q.metric === RANK_METRIC);
  const out = new Map<string, Partial<MetricsRow>>();
  // One model at a time, so only its statistics are held (20 MB per model at 100,000 rows). The same seed and row
  // count draw the same resamples for every model, so the rank's pairs are still paired on the same rows.
  const forRank: Resampled[] = [];
  for (const model of scored) {
    const pred = predColumn(model, field);
    const hyps: string[] = [];
    for (let row = 0; row < results.rowCount; row++) hyps.push(results.get(row, pred));
    const resampled = resample(
      QUALITY_COLUMNS.map(({ metric }) => metricStatistic(metric, hyps, [refs], options, valid.get(model))),
      bootstrap,
    );
    const row: Record<string, number> = {};
    QUALITY_COLUMNS.forEach(({ column }, q) => {
      const { score, low, high } = intervalOf(resampled, q);
      row[column] = score;
      row[`${column}_ci_low`] = low;
      row[`${column}_ci_high`] = high;
    });
    out.set(model, row as Partial<MetricsRow>);
    forRank.push(pick(resampled, [rankAt]));
  }
  if (forRank.length > 0) {
    const joined = { ...forRank[0]!, scores: forRank.map((r) => r.scores[0]!), values: forRank.map((r) => r.values[0]!) };
    for (const r of rankResampled(scored, joined)) (out.get(r.name) as Record<string, number>).rank = r.rank;
  }
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
