import type { MetricsRow } from "../runner/options";

export type QualityKey = "rouge1" | "rouge2" | "rougeL" | "bleu" | "chrf" | "bertscore_f1" | "exact_match";

/** The metrics CSV's quality columns, with the factor that brings each to 0–100 (ROUGE/BERTScore are 0–1). */
export const QUALITY_METRICS: ReadonlyArray<{ key: QualityKey; label: string; factor: number }> = [
  { key: "rouge1", label: "ROUGE-1", factor: 100 },
  { key: "rouge2", label: "ROUGE-2", factor: 100 },
  { key: "rougeL", label: "ROUGE-L", factor: 100 },
  { key: "bleu", label: "BLEU", factor: 1 },
  { key: "chrf", label: "chrF", factor: 1 },
  { key: "bertscore_f1", label: "BERTScore F1", factor: 100 },
  { key: "exact_match", label: "Exact match", factor: 1 },
];

/** Quality metrics with a value for at least one of the rows (empty columns are left out, not drawn as 0). */
export function presentMetrics(rows: MetricsRow[]): typeof QUALITY_METRICS {
  return QUALITY_METRICS.filter((m) => rows.some((r) => isNum(r[m.key])));
}

/** The value on a 0–100 scale, or null when empty. */
export function normalised(row: MetricsRow, key: QualityKey): number | null {
  const m = QUALITY_METRICS.find((q) => q.key === key);
  const v = row[key];
  return m && isNum(v) ? round(v * m.factor, 2) : null;
}

/** The value as the metrics CSV has it (0–1 with 3 decimals, 0–100 with 1), "—" when empty. */
export function nativeText(row: MetricsRow, key: QualityKey): string {
  const m = QUALITY_METRICS.find((q) => q.key === key);
  const v = row[key];
  if (!m || !isNum(v)) return "—";
  return m.factor === 100 ? v.toFixed(3) : v.toFixed(1);
}

export function isNum(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

export function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
