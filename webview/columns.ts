// The overview's metric columns and the per-model performance columns.
import type { PanelMetricsRow } from "../src/shared/protocol";
import { fixed, int, isNum } from "./dom";

type ColumnKey = keyof PanelMetricsRow | "valid";
export interface Column {
  key: ColumnKey;
  label: string;
  title?: string;
  format: (row: PanelMetricsRow) => string;
  /** Sort value (numbers sort numerically, missing values last). */
  value: (row: PanelMetricsRow) => number | string | undefined;
  /** Which direction is better; undefined = no best marked. */
  better?: "higher" | "lower";
  quality?: boolean;
  /** The 95% bootstrap interval of the cell's value, when the metrics CSV has one. */
  interval?: (row: PanelMetricsRow) => { low: number; high: number } | undefined;
  digits?: number;
  /** Shown only when some row has a value (the JSON-task metrics: runs with a schema file). */
  optional?: boolean;
}

type IntervalKey = "rouge1" | "rouge2" | "rougeL" | "bleu" | "chrf" | "exact_match";
const intervalOf = (key: IntervalKey) => (r: PanelMetricsRow) => {
  const low = r[`${key}_ci_low`];
  const high = r[`${key}_ci_high`];
  return isNum(low) && isNum(high) ? { low, high } : undefined;
};
const HAS_INTERVAL: ReadonlySet<string> = new Set(["rouge1", "rouge2", "rougeL", "bleu", "chrf", "exact_match"]);

const metric = (key: keyof PanelMetricsRow, label: string, digits: number, title?: string): Column => ({
  key,
  label,
  title,
  quality: true,
  better: "higher",
  digits,
  format: (r) => fixed(digits)(r[key] as number | null | undefined),
  value: (r) => (isNum(r[key] as number | null | undefined) ? (r[key] as number) : undefined),
  ...(HAS_INTERVAL.has(key) && { interval: intervalOf(key as IntervalKey) }),
});

export const COLUMNS: Column[] = [
  { key: "model", label: "Model", format: (r) => r.model, value: (r) => r.model },
  { key: "field", label: "Field", format: (r) => r.field, value: (r) => r.field },
  {
    key: "valid",
    label: "Valid",
    title: "Rows whose output passed schema validation (n_valid / n_total); sorted and marked by the rate",
    format: (r) => `${r.n_valid}/${r.n_total}`,
    value: (r) => (r.n_total > 0 ? r.n_valid / r.n_total : undefined),
    better: "higher",
  },
  { ...metric("exact_match", "Exact match", 1, "Case-insensitive, stripped, 0–100"), quality: false },
  metric("rouge1", "ROUGE-1", 2),
  metric("rouge2", "ROUGE-2", 2),
  metric("rougeL", "ROUGE-L", 2),
  metric("bleu", "BLEU", 2),
  metric("chrf", "chrF++", 2),
  metric("bertscore_f1", "BERTScore F1", 2),
  // Issue 13, typed fields: present only when the run had a schema file.
  { ...metric("schema_compliance", "Schema %", 1, "Rows run whose output passed the typed schema, 0–100 (per model)"), optional: true },
  { ...metric("field_accuracy", "Field acc.", 1, "Rows run whose value equals the reference by the field's type, 0–100"), optional: true },
  { ...metric("type_correctness", "Type %", 1, "Rows run whose raw JSON value has the declared type, before coercion, 0–100"), optional: true },
  { ...metric("structural_consistency", "Same shape %", 1, "Rows run whose JSON keys and key order equal the most common shape, 0–100 (per model)"), optional: true },
  {
    key: "rank",
    label: "Rank",
    title: "Rank by chrF++ among the models, per field (paired bootstrap): “=1” = tied, no significant difference (p ≥ 0.05) from the others sharing the rank",
    format: (r) => int(r.rank),
    value: (r) => (isNum(r.rank) ? r.rank : undefined),
    better: "lower",
  },
];

interface PerfColumn {
  /** A metrics column, or "load_s": the model's load time, which comes with the run rather than the metrics CSV. */
  key: keyof PanelMetricsRow | "load_s";
  label: string;
  title?: string;
  format: (v: number | null | undefined) => string;
  better?: "higher" | "lower";
  /** Shown only when some model has a value (e.g. reasoning tokens: thinking models only). */
  optional?: boolean;
}
export const PERF_COLUMNS: PerfColumn[] = [
  { key: "runtime_s", label: "Runtime (s)", title: "Summed generation time, model load excluded", format: fixed(1), better: "lower" },
  { key: "tokens_in", label: "Tokens in", format: int },
  { key: "tokens_out", label: "Tokens out", format: int },
  { key: "tokens_reasoning", label: "Reasoning tokens", title: "Of tokens out, those spent inside <think> (thinking models)", format: int, optional: true },
  { key: "tokens_per_sec", label: "Tok/s", title: "Generated tokens per second", format: fixed(1), better: "higher" },
  { key: "load_s", label: "Load (s)", title: "Seconds to load the model (weights and context), last run", format: fixed(2), better: "lower" },
  { key: "retries", label: "Retries", title: "Requests retried (endpoint models: 429, 5xx, timeouts, dropped connections)", format: int, optional: true, better: "lower" },
  { key: "cost", label: "Cost", title: "Tokens in/out × the entry's pricePer1kInput/pricePer1kOutput (its currency)", format: fixed(4), optional: true, better: "lower" },
];
