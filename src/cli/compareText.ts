import type { Comparison, ModelComparison } from "../core/compare";
import { clip, fixed, interval, mark, MEASURE_NAMES, measureDigits, metricDigits, pText, rowCells, sideLine, signed, visibleControls } from "./compareFormat";

const CELL = 40;

/** The terminal report: per model × field a metrics table, then the measures and the changed rows. */
export function formatComparisonText(c: Comparison, rows: number): string {
  const lines = [
    `A: ${safe(sideLine(c, "a"))}`,
    `B: ${safe(sideLine(c, "b"))}`,
    `${c.rowsCompared} rows compared${c.rowsOnlyInA + c.rowsOnlyInB > 0 ? ` (${c.rowsOnlyInA} only in A, ${c.rowsOnlyInB} only in B, left out)` : ""}; ` +
      `paired bootstrap, ${c.bootstrap.resamples} resamples, seed ${c.bootstrap.seed}, ${Math.round(c.bootstrap.confidence * 100)}% CI; Δ = B − A; ▲/▼ significant better/worse`,
  ];
  if (c.modelsOnlyInA.length > 0) lines.push(`only in A (not compared): ${c.modelsOnlyInA.map(safe).join(", ")}`);
  if (c.modelsOnlyInB.length > 0) lines.push(`only in B (not compared): ${c.modelsOnlyInB.map(safe).join(", ")}`);
  if (c.models.length === 0) lines.push("", "no model is in both runs: nothing to compare");
  for (const m of c.models) lines.push("", ...modelLines(m, rows, c.bootstrap.confidence));
  return lines.join("\n") + "\n";
}

function modelLines(m: ModelComparison, rows: number, confidence: number): string[] {
  const ci = `${Math.round(confidence * 100)}% CI`;
  const out = [`model ${safe(m.model)}`];
  for (const f of m.fields) {
    out.push(`  field ${safe(f.field)}`);
    if (f.metrics.length === 0) {
      out.push("    no valid row on one side: no scores to compare");
      continue;
    }
    out.push(...table(["metric", "A", "B", "Δ", ci, "p", ""], f.metrics.map((x) => {
      const d = metricDigits(x.metric);
      return [x.metric, fixed(x.a.score, d), fixed(x.b.score, d), signed(x.delta, d), interval(x.deltaLow, x.deltaHigh, d), pText(x.p), mark(x)];
    }), "    "));
  }
  if (m.measures.length > 0) {
    out.push("  measures");
    out.push(...table(["measure", "A", "B", "Δ", ci, "p", ""], m.measures.map((x) => {
      const d = measureDigits(x);
      const rel = x.relative === undefined ? "" : ` (${signed(100 * x.relative, 1)}%)`;
      return [MEASURE_NAMES[x.measure], fixed(x.a.score, d), fixed(x.b.score, d), signed(x.delta, d) + rel, interval(x.deltaLow, x.deltaHigh, d), pText(x.p), mark(x)];
    }), "    "));
  }
  const total = m.changedRowCount ?? m.changedRows.length;
  const shown = m.changedRows.slice(0, rows);
  out.push(total === 0 ? "  changed rows: none" : `  changed rows: ${total}${shown.length < total ? `, the ${shown.length} worst shown (--rows N)` : ""}, worst first (sentence chrF++ of the field that moved most)`);
  for (const r of shown) {
    const cells = rowCells(r);
    out.push(`    line ${r.line} ${r.change} ${safe(r.field)} Δ ${signed(r.scoreDelta, 1)}`);
    out.push(`      expected ${quote(cells.expected)}`, `      A        ${quote(cells.a)}`, `      B        ${quote(cells.b)}`);
  }
  return out;
}

function table(header: string[], rows: string[][], indent: string): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? "")].length)));
  return all.map((r) => indent + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd());
}

const quote = (text: string): string => `"${clip(safe(text), CELL)}"`;

/**
 * Model output is untrusted: control characters (an ANSI escape could rewrite the terminal) and line breaks are
 * shown as visible escapes.
 */
export function safe(text: string): string {
  return visibleControls(text.replace(/\r\n|\n|\r/g, "⏎"));
}
