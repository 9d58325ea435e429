import type { MetricsRow } from "../core/runner/options";

const COLUMNS: [string, (r: MetricsRow) => string][] = [
  ["model", (r) => r.model],
  ["field", (r) => r.field],
  ["valid", (r) => `${r.n_valid}/${r.n_total}`],
  ["exact_match", (r) => fixed(r.exact_match, 1)],
  ["rougeL", (r) => fixed(r.rougeL, 3)],
  ["bleu", (r) => fixed(r.bleu, 1)],
  ["chrf", (r) => fixed(r.chrf, 1)],
  ["runtime_s", (r) => fixed(r.runtime_s, 2)],
  ["tok_in", (r) => String(r.tokens_in)],
  ["tok_out", (r) => String(r.tokens_out)],
  ["tok/s", (r) => fixed(r.tokens_per_sec, 1)],
];

/** A plain, aligned text table of the metrics ("—" where a metric was not computed). */
export function formatMetricsTable(rows: readonly MetricsRow[]): string {
  const cells = [COLUMNS.map(([name]) => name), ...rows.map((r) => COLUMNS.map(([, get]) => get(r)))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((row) => [...(row[i] ?? "")].length)));
  return cells.map((row) => row.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd()).join("\n");
}

function fixed(value: number | undefined, digits: number): string {
  return value === undefined ? "—" : value.toFixed(digits);
}
