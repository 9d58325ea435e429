// Compare tab: one Comparison (of those received; a selector when several) — the deltas with their 95% CIs as a
// chart and a table with significance, the run measures, and the changed rows with both outputs side by side and
// the differing words highlighted. Everything from the runs is set as text (textContent / createElement only).
import { deltaFigure, metricScale } from "../src/core/plots/compareFigure";
import type { CompareMessage, PanelComparison } from "../src/shared/compareProtocol";
import { wordDiff, type DiffSegment } from "../src/shared/wordDiff";
import { DASH, el, fileName, isNum } from "./dom";
import { plotly, themeFromCss } from "./plotly";
import { panel, save } from "./state";

export const compareView = el("div", { className: "compare", testId: "compare" });

type ModelEntry = PanelComparison["models"][number];
type Paired = ModelEntry["measures"][number] | ModelEntry["fields"][number]["metrics"][number];

let compareDone: Promise<void> = Promise.resolve();

export function receiveCompare(message: CompareMessage): void {
  panel.state.compare = message;
  panel.state.comparisonIndex = 0;
  save();
  void renderCompare();
}

export function showComparison(index: number): Promise<void> {
  panel.state.comparisonIndex = index;
  save();
  return renderCompare();
}

export function compareSettled(): Promise<void> {
  return compareDone;
}

/** Digits for a metric's own scale: ROUGE, error rates and BERTScore are 0–1, the rest 0–100. */
const digitsOf = (metric: string) => (metricScale(metric) === "0-1" ? 4 : 2);
const MEASURE_DIGITS: Record<string, number> = { validity: 1, latency_p50_s: 3, latency_p95_s: 3, tokens_per_sec: 1, cost: 4 };
const fmt = (v: number | null | undefined, digits: number, sign = false) => (isNum(v) ? `${sign && v > 0 ? "+" : ""}${v.toFixed(digits)}` : DASH);
const pText = (p: number | null | undefined) => (isNum(p) ? (p < 0.001 ? "< 0.001" : p.toFixed(3)) : DASH);

/** "▲ better" / "▼ worse" when significant (by the metric's direction), else "n.s.". */
function verdict(c: Paired): { text: string; className: string } {
  if (!c.significant || !isNum(c.delta)) return { text: "n.s.", className: "muted" };
  const better = c.lowerIsBetter ? c.delta < 0 : c.delta > 0;
  return better ? { text: "▲ better", className: "better" } : { text: "▼ worse", className: "worse" };
}

function sideLabel(side: PanelComparison["a"]): string {
  const when = side.startedAt ? ` · ${new Date(side.startedAt).toLocaleString()}` : "";
  return `${side.label === side.id ? side.id : `${side.label} (${side.id})`}${when}`;
}

function renderSides(c: PanelComparison): HTMLElement {
  const list = el("dl", { className: "run", testId: "compare-sides" });
  for (const [name, side] of [["A (baseline)", c.a], ["B (current)", c.b]] as const) {
    const dd = el("dd", { testId: "compare-side" }, el("div", { text: sideLabel(side) }));
    dd.dataset.id = side.id;
    const files = [side.promptFile && `prompt ${fileName(side.promptFile)}`, side.datasetFile && `dataset ${fileName(side.datasetFile)}`].filter(Boolean).join(" · ");
    if (files) dd.append(el("div", { className: "muted", text: files, title: [side.promptFile, side.datasetFile].filter(Boolean).join("\n") }));
    list.append(el("dt", { text: name }), dd);
  }
  return list;
}

function renderSummary(c: PanelComparison): HTMLElement {
  const parts = [`${c.rowsCompared} rows compared`];
  if (c.rowsOnlyInA > 0) parts.push(`${c.rowsOnlyInA} only in A`);
  if (c.rowsOnlyInB > 0) parts.push(`${c.rowsOnlyInB} only in B`);
  parts.push(`${c.bootstrap.resamples} paired bootstrap resamples (seed ${c.bootstrap.seed}), ${Math.round(c.bootstrap.confidence * 100)}% intervals; Δ = B − A`);
  const box = el("div", {}, el("p", { className: "muted note", testId: "compare-summary", text: parts.join(" · ") }));
  if (c.modelsOnlyInA.length > 0 || c.modelsOnlyInB.length > 0) {
    const text = [c.modelsOnlyInA.length > 0 && `only in A: ${c.modelsOnlyInA.join(", ")}`, c.modelsOnlyInB.length > 0 && `only in B: ${c.modelsOnlyInB.join(", ")}`].filter(Boolean).join("; ");
    box.append(el("p", { className: "notice note", testId: "compare-models-only", text: `Models not compared (${text}).` }));
  }
  return box;
}

function pairedCells(c: Paired, digits: number): HTMLElement[] {
  const v = verdict(c);
  const ci = isNum(c.deltaLow) && isNum(c.deltaHigh) ? `[${fmt(c.deltaLow, digits, true)}, ${fmt(c.deltaHigh, digits, true)}]` : DASH;
  return [
    el("td", { className: "num", text: fmt(c.a.score, digits) }),
    el("td", { className: "num", text: fmt(c.b.score, digits) }),
    el("td", { className: `num ${v.className}`, text: fmt(c.delta, digits, true) }),
    el("td", { className: "num", text: ci }),
    el("td", { className: "num", text: pText(c.p) }),
    el("td", { className: v.className, testId: "verdict", text: v.text }),
  ];
}

function renderMetricsTable(c: PanelComparison): HTMLElement {
  const table = el("table", { className: "metrics", testId: "compare-metrics" });
  const head = el("tr");
  for (const label of ["Model", "Field", "Metric", "A", "B", "Δ", "95% CI of Δ", "p", "Significance"]) head.append(el("th", { text: label }));
  table.append(el("thead", {}, head));
  const body = el("tbody");
  for (const m of c.models) {
    for (const f of m.fields) {
      for (const metric of f.metrics) {
        const tr = el("tr", { testId: "compare-metric" }, el("td", { className: "name", text: m.model }), el("td", { className: "name", text: f.field }), el("td", { className: "name", text: metric.metric + (metric.lowerIsBetter ? " (lower is better)" : "") }));
        tr.append(...pairedCells(metric, digitsOf(metric.metric)));
        body.append(tr);
      }
    }
  }
  table.append(body);
  return el("div", { className: "table-scroll" }, table);
}

const MEASURE_LABELS: Record<string, string> = { validity: "valid rows", latency_p50_s: "latency p50", latency_p95_s: "latency p95", tokens_per_sec: "throughput", cost: "cost" };

function renderMeasuresTable(c: PanelComparison): HTMLElement {
  const table = el("table", { className: "metrics", testId: "compare-measures" });
  const head = el("tr");
  for (const label of ["Model", "Measure", "A", "B", "Δ", "95% CI of Δ", "p", "Significance", "Relative"]) head.append(el("th", { text: label }));
  table.append(el("thead", {}, head));
  const body = el("tbody");
  for (const m of c.models) {
    for (const measure of m.measures) {
      const unit = measure.unit ? ` (${measure.unit})` : "";
      const tr = el("tr", { testId: "compare-measure" }, el("td", { className: "name", text: m.model }), el("td", { className: "name", text: `${MEASURE_LABELS[measure.measure] ?? measure.measure}${unit}` }));
      tr.append(...pairedCells(measure, MEASURE_DIGITS[measure.measure] ?? 2));
      tr.append(el("td", { className: "num", text: isNum(measure.relative) ? `${measure.relative > 0 ? "+" : ""}${(measure.relative * 100).toFixed(1)}%` : DASH }));
      body.append(tr);
    }
  }
  table.append(body);
  return el("div", { className: "table-scroll" }, table);
}

/** A side's text with its changed words in <del> (A) or <ins> (B). */
function diffText(segments: readonly DiffSegment[], tag: "del" | "ins"): HTMLElement {
  const box = el("div", { className: "cell-text diff-text" });
  for (const s of segments) box.append(s.changed ? el(tag, { text: s.text }) : document.createTextNode(s.text));
  return box;
}

const CHANGE_LABELS: Record<string, string> = { improved: "improved", regressed: "regressed", "newly-invalid": "newly invalid", "newly-valid": "newly valid", changed: "changed" };

function renderChangedRows(m: ModelEntry): HTMLElement {
  const total = m.changedRowCount ?? m.changedRows.length;
  const section = el("section", { className: "changed", testId: "changed-rows" });
  section.dataset.model = m.model;
  const more = total > m.changedRows.length ? ` (the worst ${m.changedRows.length} shown)` : "";
  section.append(el("h3", { text: `${m.model}: ${total} changed row${total === 1 ? "" : "s"}${more}` }));
  if (m.changedRows.length === 0) {
    section.append(el("p", { className: "muted", text: "No row's output changed." }));
    return section;
  }
  const table = el("table", { className: "data-rows changed-table" });
  const head = el("tr");
  for (const label of ["Line", "Change", "Expected", "A (baseline)", "B (current)"]) head.append(el("th", { text: label }));
  table.append(el("thead", {}, head));
  const body = el("tbody");
  for (const row of m.changedRows) {
    const tr = el("tr", { testId: "changed-row", className: `change-${row.change}` });
    tr.dataset.row = String(row.row);
    tr.dataset.model = m.model;
    tr.dataset.change = row.change;
    const fields = [...new Set([...Object.keys(row.expected), ...Object.keys(row.predictionsA), ...Object.keys(row.predictionsB)])];
    const expected = el("td", { className: "target" });
    const a = el("td", { className: `model-cell side-a ${row.validA ? "valid" : "invalid"}` });
    const b = el("td", { className: `model-cell side-b ${row.validB ? "valid" : "invalid"}` });
    for (const field of fields) {
      const d = wordDiff(row.predictionsA[field] ?? "", row.predictionsB[field] ?? "");
      expected.append(el("div", { className: "muted field-name", text: field }), el("div", { className: "cell-text", text: row.expected[field] ?? "" }));
      a.append(el("div", { className: "muted field-name", text: field }), diffText(d.a, "del"));
      b.append(el("div", { className: "muted field-name", text: field }), diffText(d.b, "ins"));
    }
    if (!row.validA && row.errorA) a.append(el("div", { className: "cell-text error", text: row.errorA }));
    if (!row.validB && row.errorB) b.append(el("div", { className: "cell-text error", text: row.errorB }));
    const delta = isNum(row.scoreDelta) ? ` (${row.field} chrF++ ${fmt(row.scoreDelta, 1, true)})` : "";
    tr.append(el("td", { className: "num line", text: String(row.line || row.row + 1) }), el("td", { className: `change ${row.change}`, text: (CHANGE_LABELS[row.change] ?? row.change) + delta }), expected, a, b);
    body.append(tr);
  }
  table.append(body);
  section.append(el("div", { className: "table-scroll" }, table));
  return section;
}

function renderSelector(message: CompareMessage, index: number): HTMLElement | undefined {
  if (message.comparisons.length < 2) return undefined;
  const select = el("select", { testId: "compare-select", title: "Which comparison to show" });
  message.comparisons.forEach((c, i) => {
    const option = el("option", { text: `${i + 1}. ${c.b.label} vs ${c.a.label}` });
    option.value = String(i);
    option.selected = i === index;
    select.append(option);
  });
  select.setAttribute("aria-label", "Comparison");
  select.addEventListener("change", () => void showComparison(Number(select.value)));
  return el("label", { className: "compare-select" }, `Comparison (${message.comparisons.length}) `, select);
}

export function renderCompare(): Promise<void> {
  compareDone = draw();
  return compareDone;
}

async function draw(): Promise<void> {
  const Plotly = plotly();
  for (const div of compareView.querySelectorAll<HTMLElement>(".plot")) Plotly?.purge(div);
  const message = panel.state.compare;
  if (!message || (message.comparisons.length === 0 && !message.error)) {
    compareView.replaceChildren(el("p", { className: "muted", testId: "compare-empty", text: "Nothing compared yet: tick two runs in the History tab, or run “Prompt Bench: Compare runs”." }));
    return;
  }
  if (message.error) {
    compareView.replaceChildren(el("p", { className: "notice", testId: "compare-error", text: message.error }));
    return;
  }
  const index = Math.min(panel.state.comparisonIndex ?? 0, message.comparisons.length - 1);
  const c = message.comparisons[index]!;
  const chart = el("div", { className: "plot", testId: "compare-chart" });
  chart.setAttribute("role", "img");
  chart.setAttribute("aria-label", "Metric differences with 95% confidence intervals");
  const children: Node[] = [];
  const selector = renderSelector(message, index);
  if (selector) children.push(selector);
  children.push(renderSides(c), renderSummary(c), el("h2", { text: "Quality: B − A per model and field" }), chart, renderMetricsTable(c));
  children.push(el("h2", { text: "Run measures" }), renderMeasuresTable(c));
  children.push(el("h2", { text: "Changed rows (worst first)" }), ...c.models.map(renderChangedRows));
  compareView.replaceChildren(...children);
  const deltas = c.models.flatMap((m) => m.fields.flatMap((f) => f.metrics.map((x) => ({ ...x, model: m.model, field: f.field }))));
  const figure = deltaFigure(deltas, themeFromCss());
  if (!figure) {
    chart.replaceChildren(el("p", { className: "muted", text: "No metric could be computed on both sides." }));
    return;
  }
  if (!Plotly) {
    chart.replaceChildren(el("p", { className: "muted", text: "plotly.js did not load, so the chart cannot be shown." }));
    return;
  }
  drawnWidth = compareView.clientWidth;
  const width = Math.max(560, Math.min(1100, compareView.clientWidth || 800));
  await Plotly.newPlot(chart, figure.figure.data, { ...figure.figure.layout, width, height: figure.height }, { displayModeBar: false, responsive: false }).catch((error: unknown) => {
    chart.replaceChildren(el("p", { className: "muted", text: `The chart failed: ${String(error)}` }));
  });
}

// The chart is drawn at the view's width: redraw when the panel gets wider or narrower (side bars opened/closed).
let drawnWidth = 0;
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (panel.state.tab === "compare" && Math.abs(compareView.clientWidth - drawnWidth) > 40) void renderCompare();
  }, 200);
});
