import type { RunRecord } from "../history/runRecord";
import type { RunListing } from "../history/runSummaryLine";
import type { MetricsRow } from "../runner/options";

/**
 * The runs a model-size view across the history draws from: those with the same prompt text and dataset as
 * `anchor` (scores on another prompt or dataset are not comparable), newest first, failed runs left out.
 */
export function comparableRuns(listings: readonly RunListing[], anchor: RunListing): RunListing[] {
  return listings.filter((r) => r.status !== "failed" && r.promptSha256 === anchor.promptSha256 && r.datasetSha256 === anchor.datasetSha256);
}

/**
 * Each model's metrics rows from the newest of these runs (given newest first) that has them, with the parameter
 * count taken from the run's model record where its metrics predate the params_b column. Models in first-seen order.
 */
export function latestMetricsPerModel(records: readonly RunRecord[]): MetricsRow[] {
  const seen = new Set<string>();
  const out: MetricsRow[] = [];
  for (const record of records) {
    const fresh = [...new Set(record.metrics.map((m) => m.model))].filter((m) => !seen.has(m));
    for (const model of fresh) {
      seen.add(model);
      const count = record.models.find((m) => m.name === model)?.info.paramCount;
      for (const row of record.metrics.filter((m) => m.model === model)) {
        out.push(row.params_b === undefined && typeof count === "number" ? { ...row, params_b: count / 1e9 } : row);
      }
    }
  }
  return out;
}
