import { hardwareColumns, type HardwareRecord } from "../hardware/hardwareRecord";
import { factColumn, predColumn } from "../results/columns";
import type { MetricsRow } from "../runner/options";
import { QUALITY_COLUMNS } from "./csvColumns";
import { batchedCorpusScore } from "./batchedCorpusScore";
import { qualityWithIntervals, validMask } from "./qualityIntervals";
import { DEFAULT_SCORE_OPTIONS, type ScoreOptions } from "./scoreOptions";
import type { BootstrapOptions } from "../stats";

/** Read access to a results table (the ResultsStore, or a results CSV read back). */
export interface ResultsView {
  readonly rowCount: number;
  get(row: number, column: string): string;
}

/** Per-model figures kept beside the results (`<results>.meta.json`), not in its rows. */
export interface ModelPerformance extends Omit<HardwareRecord, "hardwareUnavailable"> {
  /** Seconds the last load took (weights + context). */
  loadSeconds?: number;
  /** GPU energy and power over the last inference window (nvidia-smi, all GPUs summed). */
  energyWh?: number;
  avgPowerW?: number;
  peakPowerW?: number;
  /** Why the last run skipped the model (it did not fit the free memory); undefined when it ran. */
  skipped?: string;
  /** Inference wall time over all sessions, the rows it covers and the most rows run at once (see RunMeta). */
  inferenceWallSeconds?: number;
  inferenceRows?: number;
  parallelRows?: number;
  /** Endpoint entries' prices per 1,000 tokens, for the `cost` column. */
  pricePer1kInput?: number;
  pricePer1kOutput?: number;
}

/**
 * Nearest-rank percentile: the smallest value with at least p% of the values at or below it, i.e. the
 * ceil(p/100 · n)-th smallest (no interpolation). Undefined for no values.
 */
export function nearestRankPercentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/** Indexes of the rows whose output passed schema validation for `model`. */
export function validRows(results: ResultsView, model: string): number[] {
  const rows: number[] = [];
  for (let row = 0; row < results.rowCount; row++) if (results.get(row, factColumn(model, "valid")) === "true") rows.push(row);
  return rows;
}

/**
 * One metrics row per model and field. Quality metrics are computed over schema-valid rows only (as the seed
 * does); performance columns are per model, repeated on each of its fields. `intervals` (default: 1,000
 * resamples, seed 12345) adds each quality column's 95% bootstrap interval and the rank by chrF++; false leaves
 * those columns empty.
 */
export function computeMetrics(
  results: ResultsView,
  fields: readonly string[],
  models: readonly string[],
  options: ScoreOptions = DEFAULT_SCORE_OPTIONS,
  perModel: Readonly<Record<string, ModelPerformance>> = {},
  intervals: BootstrapOptions | false = {},
): MetricsRow[] {
  const out: MetricsRow[] = [];
  // Per field, all models at once: the rank pairs models on the same resampled rows.
  const withIntervals = new Map<string, Map<string, Partial<MetricsRow>>>();
  if (intervals !== false) {
    const masks = new Map(models.map((m) => [m, validMask(results, m)]));
    for (const field of fields) withIntervals.set(field, qualityWithIntervals(results, field, models, masks, options, intervals));
  }
  for (const model of models) {
    const valid = validRows(results, model);
    let seconds = 0;
    let tokensIn = 0;
    let tokensOut = 0;
    const latencies: number[] = [];
    const ttfts: number[] = [];
    let tokensReasoning: number | undefined; // stays undefined when no row has the fact (older results files)
    let retries: number | undefined; // likewise: only remote engines retry
    for (let row = 0; row < results.rowCount; row++) {
      const cell = results.get(row, factColumn(model, "seconds"));
      if (cell !== "" && Number.isFinite(Number(cell))) latencies.push(Number(cell)); // rows not run stay out
      const ttft = results.get(row, factColumn(model, "ttft_s")); // empty: nothing generated, or an older file
      if (ttft !== "" && Number.isFinite(Number(ttft))) ttfts.push(Number(ttft));
      seconds += toNumber(cell);
      tokensIn += toNumber(results.get(row, factColumn(model, "tokens_in")));
      tokensOut += toNumber(results.get(row, factColumn(model, "tokens_out")));
      const reasoning = results.get(row, factColumn(model, "tokens_reasoning"));
      if (reasoning !== "" && Number.isFinite(Number(reasoning))) tokensReasoning = (tokensReasoning ?? 0) + Number(reasoning);
      const retried = results.get(row, factColumn(model, "retries"));
      if (retried !== "" && Number.isFinite(Number(retried))) retries = (retries ?? 0) + Number(retried);
    }
    const perf = perModel[model] ?? {};
    const runtime = runtimeSeconds(seconds, latencies.length, perf);
    const extra: Partial<MetricsRow> = {
      load_s: perf.loadSeconds,
      latency_p50_s: nearestRankPercentile(latencies, 50),
      latency_p95_s: nearestRankPercentile(latencies, 95),
      energy_wh: perf.energyWh,
      power_avg_w: perf.avgPowerW,
      power_peak_w: perf.peakPowerW,
      ttft_p50_s: nearestRankPercentile(ttfts, 50),
      ttft_p95_s: nearestRankPercentile(ttfts, 95),
      ...hardwareColumns(perf),
      params_b: perf.paramCount === undefined ? undefined : perf.paramCount / 1e9,
      tokens_reasoning: tokensReasoning,
      skipped: perf.skipped,
      retries,
      cost: costOf(tokensIn, tokensOut, perf),
    };
    for (const field of fields) {
      const pred = predColumn(model, field);
      const row: MetricsRow = {
        model,
        field,
        n_total: results.rowCount,
        n_valid: valid.length,
        runtime_s: runtime,
        tokens_in: tokensIn,
        tokens_out: tokensOut,
        tokens_per_sec: runtime > 0 ? tokensOut / runtime : 0,
      };
      for (const [key, value] of Object.entries(extra)) if (value !== undefined) (row as unknown as Record<string, unknown>)[key] = value;
      // No valid row: the quality columns stay empty rather than showing a score of nothing.
      if (valid.length > 0 && intervals !== false) {
        Object.assign(row, withIntervals.get(field)!.get(model));
      } else if (valid.length > 0) {
        for (const { column, metric } of QUALITY_COLUMNS) {
          // In batches: 100,000 rows' n-gram tables at once would raise the run's peak memory by ~110 MB.
          const score = batchedCorpusScore(metric, valid.length, (i) => results.get(valid[i]!, pred), (i) => results.get(valid[i]!, field), options);
          (row[column] as number | undefined) = score;
        }
      }
      out.push(row);
    }
  }
  return out;
}

/**
 * Generation time of a model's rows. One row at a time, that is the sum of the rows' seconds (the seed's
 * definition). Rows run in parallel overlap, so then it is the recorded inference wall time — used only when it
 * covers exactly the rows in the file (a results file edited or replaced since falls back to the sum).
 */
function runtimeSeconds(rowSecondsSum: number, rowsRun: number, perf: ModelPerformance): number {
  const parallel = (perf.parallelRows ?? 1) > 1;
  if (parallel && perf.inferenceWallSeconds !== undefined && perf.inferenceRows === rowsRun) return perf.inferenceWallSeconds;
  return rowSecondsSum;
}

/** Tokens priced per 1,000; undefined when the model has no price (local models). */
function costOf(tokensIn: number, tokensOut: number, perf: ModelPerformance): number | undefined {
  if (perf.pricePer1kInput === undefined && perf.pricePer1kOutput === undefined) return undefined;
  return (tokensIn / 1000) * (perf.pricePer1kInput ?? 0) + (tokensOut / 1000) * (perf.pricePer1kOutput ?? 0);
}

function toNumber(text: string): number {
  const n = Number(text);
  return text !== "" && Number.isFinite(n) ? n : 0;
}
