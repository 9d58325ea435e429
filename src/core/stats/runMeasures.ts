import { percentileStatistic } from "./percentileStatistic";
import { meanStatistic, ratioStatistic, type RowStatistic } from "./rowStatistic";

/**
 * The non-text measures `compare` reports, as resamplable statistics over a run's rows (row i of A and of B
 * must be the same dataset row, so the bootstrap is paired like the text metrics).
 */

/** Share of rows whose output passed validation, in percent (0–100), so its delta is in percentage points. */
export function validityStatistic(valid: readonly boolean[]): RowStatistic {
  return meanStatistic(valid.map((v) => (v ? 100 : 0)));
}

/**
 * Nearest-rank latency percentile (p = 50 or 95) of the rows' `raw_<model>__seconds`, as computeMetrics'
 * latency_p50_s / latency_p95_s; rows not run (undefined) are left out.
 */
export function latencyStatistic(seconds: readonly (number | undefined)[], p: number): RowStatistic {
  return percentileStatistic(seconds, p);
}

/**
 * Output tokens per second of generation: Σ tokens_out / Σ seconds over the (resampled) rows, rows not run
 * counting 0 for both. This is computeMetrics' tokens_per_sec for one row at a time; a parallel run's metrics
 * divide by the inference wall time instead, which has no per-row share to resample.
 */
export function tokensPerSecondStatistic(tokensOut: readonly (number | undefined)[], seconds: readonly (number | undefined)[]): RowStatistic {
  return ratioStatistic(
    tokensOut.map((t) => t ?? 0),
    seconds.map((s) => s ?? 0),
  );
}
