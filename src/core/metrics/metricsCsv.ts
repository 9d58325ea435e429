import { formatCsv } from "../csv/write";
import type { MetricsRow } from "../runner/options";

/** The seed CLI's metrics header, in its order. Later columns (hardware, …) may only be appended. */
export const METRICS_HEADER = [
  "model",
  "field",
  "n_total",
  "n_valid",
  "rouge1",
  "rouge2",
  "rougeL",
  "bleu",
  "chrf",
  "bertscore_f1",
  "exact_match",
  "runtime_s",
  "tokens_in",
  "tokens_out",
  "tokens_per_sec",
  // Appended after the seed's 15 columns: empty when not measured.
  "load_s",
  "latency_p50_s",
  "latency_p95_s",
  "energy_wh",
  "power_avg_w",
  "power_peak_w",
  "ttft_p50_s",
  "ttft_p95_s",
  "tokens_reasoning",
  "model_file_gb",
  "gpu_names",
  "gpu_layers",
  "vram_peak_gb",
  "ram_peak_gb",
  "skipped",
  "retries",
  "cost",
  // Issue 12: each quality column's 95% bootstrap interval, then the rank by chrF++ (ties share a rank).
  "rouge1_ci_low",
  "rouge1_ci_high",
  "rouge2_ci_low",
  "rouge2_ci_high",
  "rougeL_ci_low",
  "rougeL_ci_high",
  "bleu_ci_low",
  "bleu_ci_high",
  "chrf_ci_low",
  "chrf_ci_high",
  "exact_match_ci_low",
  "exact_match_ci_high",
  "rank",
  // The model-size view: parameters from the GGUF's tensor table, billions.
  "params_b",
  // Issue 13: the JSON-task metrics, empty without a schema file (src/core/metrics/json/jsonTaskMetrics.ts).
  "schema_compliance",
  "field_accuracy",
  "type_correctness",
  "structural_consistency",
  "field_accuracy_model",
  "type_correctness_model",
] as const satisfies readonly (keyof MetricsRow)[];

/** Without intervals (`--no-ci`), the interval and rank columns are left out, not written empty. */
export function formatMetricsCsv(rows: readonly MetricsRow[], options: { intervals?: boolean } = {}): string {
  const header = options.intervals === false ? METRICS_HEADER.filter((key) => !isIntervalColumn(key)) : [...METRICS_HEADER];
  return formatCsv(
    header,
    // params_b keeps 6 significant digits: a small model's count would round to 0 at 4 decimals of billions.
    rows.map((row) => header.map((key) => (key === "params_b" && row[key] !== undefined ? String(Number(row[key].toPrecision(6))) : formatValue(row[key])))),
  );
}

/** The `<metric>_ci_low/_ci_high` columns and `rank`, which come from the bootstrap. */
export function isIntervalColumn(key: string): boolean {
  return key.endsWith("_ci_low") || key.endsWith("_ci_high") || key === "rank";
}

function formatValue(value: string | number | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 10000) / 10000);
}
