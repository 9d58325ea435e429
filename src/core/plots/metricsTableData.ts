import type { MetricsRow } from "../runner/options";

/** The metrics CSV's header (seed order). */
export const METRICS_COLUMNS = [
  "model", "field", "n_total", "n_valid", "rouge1", "rouge2", "rougeL", "bleu", "chrf", "bertscore_f1", "exact_match",
  "runtime_s", "tokens_in", "tokens_out", "tokens_per_sec",
] as const satisfies ReadonlyArray<keyof MetricsRow>;

const FOUR_DECIMALS = new Set<string>(["rouge1", "rouge2", "rougeL", "bertscore_f1"]);

/** The metrics as display strings (empty cell = no value), for a table built with textContent. */
export function metricsTableCells(metrics: MetricsRow[]): string[][] {
  return metrics.map((row) =>
    METRICS_COLUMNS.map((col) => {
      const v = row[col];
      if (typeof v === "string") return v;
      if (typeof v !== "number" || !Number.isFinite(v)) return "";
      if (Number.isInteger(v)) return String(v);
      return v.toFixed(FOUR_DECIMALS.has(col) ? 4 : 2);
    }),
  );
}
