import type { ChangedRow, Comparison, MeasureComparison, MetricComparison } from "../core/compare";
import { TEXT_METRICS } from "../core/metrics/registry";
import type { MetricId } from "../core/metrics/textMetric";

/** What the terminal and the markdown report both show: numbers formatted once, cells as plain text. */

/** Digits for a metric's scale: 0–100 metrics 2, 0–1 metrics 4. */
export function metricDigits(metric: string): number {
  return TEXT_METRICS[metric as MetricId]?.scale === "0-1" ? 4 : 2;
}

export function measureDigits(m: MeasureComparison): number {
  return m.measure === "validity" || m.measure === "tokens_per_sec" ? 2 : 4;
}

export const fixed = (v: number, digits: number): string => (Number.isFinite(v) ? v.toFixed(digits) : "—");
export const signed = (v: number, digits: number): string => (Number.isFinite(v) ? `${v >= 0 ? "+" : ""}${v.toFixed(digits)}` : "—");
export const interval = (low: number, high: number, digits: number): string => `[${signed(low, digits)}, ${signed(high, digits)}]`;
export const pText = (p: number): string => (!Number.isFinite(p) ? "—" : p < 0.001 ? "<0.001" : p.toFixed(3));

/** ▲ a significant improvement, ▼ a significant regression (by the metric's direction), blank otherwise. */
export function mark(c: Pick<MetricComparison, "significant" | "delta" | "lowerIsBetter">): string {
  if (!c.significant || c.delta === 0) return "";
  return c.delta > 0 !== c.lowerIsBetter ? "▲" : "▼";
}

export const MEASURE_NAMES: Record<MeasureComparison["measure"], string> = {
  validity: "validity %",
  latency_p50_s: "latency p50 s",
  latency_p95_s: "latency p95 s",
  tokens_per_sec: "tokens/s",
  cost: "cost",
};

export function sideLine(c: Comparison, which: "a" | "b"): string {
  const s = c[which];
  const what = s.source === "results-csv" ? "results CSV" : `run ${s.id}`;
  return `${s.label}${s.label === s.id ? "" : ` (${what})`}${s.startedAt && s.source === "history" ? `, started ${s.startedAt}` : ""}`;
}

/** A changed row's cells: expected, A's and B's prediction of its sort field (B's error when it failed). */
export function rowCells(r: ChangedRow): { expected: string; a: string; b: string } {
  const side = (valid: boolean, predictions: Record<string, string>, error: string | undefined) => (valid ? (predictions[r.field] ?? "") : `(invalid${error ? `: ${error}` : ""})`);
  return { expected: r.expected[r.field] ?? "", a: side(r.validA, r.predictionsA, r.errorA), b: side(r.validB, r.predictionsB, r.errorB) };
}

/** Cuts text to `max` characters (by code point), with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** Control characters (an ANSI escape could rewrite the terminal) and bidi overrides of untrusted text, as visible \uXXXX. */
export function visibleControls(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
