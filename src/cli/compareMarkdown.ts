import type { Comparison, ModelComparison } from "../core/compare";
import { clip, fixed, interval, mark, MEASURE_NAMES, measureDigits, metricDigits, pText, rowCells, sideLine, signed, visibleControls } from "./compareFormat";

const CELL = 80;

/** A report to paste into a pull request: GitHub-flavoured markdown tables. */
export function formatComparisonMarkdown(c: Comparison, rows: number): string {
  const ci = `${Math.round(c.bootstrap.confidence * 100)}% CI`;
  const out = [
    "## Prompt Bench comparison",
    "",
    `- **A** (baseline): ${md(sideLine(c, "a"))}`,
    `- **B** (current): ${md(sideLine(c, "b"))}`,
    `- ${c.rowsCompared} rows compared${c.rowsOnlyInA + c.rowsOnlyInB > 0 ? ` (${c.rowsOnlyInA} only in A, ${c.rowsOnlyInB} only in B, left out)` : ""}; ` +
      `paired bootstrap, ${c.bootstrap.resamples} resamples, seed ${c.bootstrap.seed}; Δ = B − A; ▲/▼ significant better/worse (p < ${fixed(1 - c.bootstrap.confidence, 2)})`,
  ];
  if (c.modelsOnlyInA.length > 0) out.push(`- only in A (not compared): ${c.modelsOnlyInA.map(md).join(", ")}`);
  if (c.modelsOnlyInB.length > 0) out.push(`- only in B (not compared): ${c.modelsOnlyInB.map(md).join(", ")}`);
  for (const m of c.models) out.push("", ...modelSection(m, rows, ci));
  return out.join("\n") + "\n";
}

function modelSection(m: ModelComparison, rows: number, ci: string): string[] {
  const out = [`### ${md(m.model)}`];
  for (const f of m.fields) {
    out.push("", `**${md(f.field)}**`, "");
    if (f.metrics.length === 0) {
      out.push("No valid row on one side: no scores to compare.");
      continue;
    }
    out.push(...table(["metric", "A", "B", "Δ", ci, "p", ""], f.metrics.map((x) => {
      const d = metricDigits(x.metric);
      return [x.metric, fixed(x.a.score, d), fixed(x.b.score, d), signed(x.delta, d), interval(x.deltaLow, x.deltaHigh, d), pText(x.p), mark(x)];
    })));
  }
  if (m.measures.length > 0) {
    out.push("", "**measures**", "");
    out.push(...table(["measure", "A", "B", "Δ", ci, "p", ""], m.measures.map((x) => {
      const d = measureDigits(x);
      const rel = x.relative === undefined ? "" : ` (${signed(100 * x.relative, 1)}%)`;
      return [MEASURE_NAMES[x.measure], fixed(x.a.score, d), fixed(x.b.score, d), signed(x.delta, d) + rel, interval(x.deltaLow, x.deltaHigh, d), pText(x.p), mark(x)];
    })));
  }
  const total = m.changedRowCount ?? m.changedRows.length;
  const shown = m.changedRows.slice(0, rows);
  out.push("", total === 0 ? "No changed rows." : `**changed rows**: ${total}${shown.length < total ? `, the ${shown.length} worst shown` : ""} (worst first; Δ = sentence chrF++ of the field that moved most)`);
  if (shown.length > 0) {
    out.push("", ...table(["line", "change", "field", "Δ", "expected", "A", "B"], shown.map((r) => {
      const cells = rowCells(r);
      return [String(r.line), r.change, md(r.field), signed(r.scoreDelta, 1), md(clip(cells.expected, CELL)), md(clip(cells.a, CELL)), md(clip(cells.b, CELL))];
    })));
  }
  return out;
}

/** Cells are markdown already: our own numbers and names, and untrusted text passed through md(). */
function table(header: string[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(line)];
}

/**
 * A table cell of untrusted text (model output, expected values, labels): rendered as plain text. HTML is
 * neutralised (& and < as entities), markdown syntax is backslash-escaped (so no link, image, code span or
 * emphasis can be injected, and `|` cannot end the cell), line breaks and control characters become visible,
 * and @ is an entity so a cell cannot mention (notify) a GitHub user.
 */
export function md(text: string): string {
  return visibleControls(text.replace(/\r\n|\n|\r/g, " ⏎ "))
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@/g, "&#64;")
    .replace(/[\\`*_[\]!|~]/g, (ch) => `\\${ch}`);
}
