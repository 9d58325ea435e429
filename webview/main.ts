// The results panel's script. Everything shown comes from CSV cells and model output, so the DOM is built only
// with createElement + textContent (never innerHTML), and every message is parsed with the shared zod schemas.
// Tabs, buttons and the filter radios are @vscode/webview-ui-toolkit components (FAST web components; their styles
// go through adoptedStyleSheets; the one <style> element FAST adds (a :focus-visible probe) carries the page's
// style nonce from <meta property="csp-nonce">, so the CSP needs no 'unsafe-inline' — the panel test checks).
import "./zodConfig";
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodePanels,
  vsCodePanelTab,
  vsCodePanelView,
  vsCodeRadio,
  vsCodeRadioGroup,
} from "@vscode/webview-ui-toolkit";
import {
  MAX_ROWS_PAGE,
  parseToWebview,
  type DomSummary,
  type FromWebview,
  type PanelMetricsRow,
  type PanelRow,
  type ProgressMessage,
  type ResultsMessage,
  type RowFilter,
  type RowsPageMessage,
} from "../src/shared/protocol";
import { buildFigures } from "../src/core/plots/figures";
import type { PlotTheme } from "../src/core/plots/theme";
import type { MetricsRow } from "../src/core/runner/options";

/** plotly.js, loaded as its own script (dist/webview/plotly.min.js) before this one. */
declare const Plotly:
  | {
      newPlot(div: HTMLElement, data: unknown[], layout: Record<string, unknown>, config: Record<string, unknown>): Promise<unknown>;
      purge(div: HTMLElement): void;
    }
  | undefined;

// Seen before anything else runs, so the tests can tell that nothing was blocked (or that something tried).
const cspViolations: string[] = [];
document.addEventListener("securitypolicyviolation", (e) => {
  cspViolations.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile.split("/").pop() ?? ""}:${e.lineNumber}:${e.columnNumber} ${e.sample}`.trim());
});

const TOOLKIT_TAGS = ["vscode-panels", "vscode-panel-tab", "vscode-panel-view", "vscode-button", "vscode-radio-group", "vscode-radio"];
provideVSCodeDesignSystem().register(vsCodeButton(), vsCodePanels(), vsCodePanelTab(), vsCodePanelView(), vsCodeRadio(), vsCodeRadioGroup());

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById("app") ?? document.body;

type Tab = "overview" | "rows" | "plots";
type SortDir = 1 | -1;

/** Per-model progress of the current run (filled from progress messages). */
interface ModelProgress {
  model: string;
  index: number;
  rowsDone: number;
  rowsTotal: number;
  tokensPerSec?: number | null;
}

interface PanelState {
  results?: ResultsMessage;
  progress?: ProgressMessage;
  models?: ModelProgress[];
  tab?: Tab;
  filter?: RowFilter;
  offset?: number;
  /** "Below threshold": a valid prediction's chrF++ under this (0–100). */
  threshold?: number;
  sort?: { key: string; dir: SortDir };
}
let state: PanelState = {};

const PAGE_SIZE = 50;
const DASH = "—";
const isNum = (v: number | null | undefined): v is number => v !== undefined && v !== null && Number.isFinite(v);
const fixed = (digits: number) => (v: number | null | undefined) => (isNum(v) ? v.toFixed(digits) : DASH);
const int = (v: number | null | undefined): string => (isNum(v) ? Math.round(v).toLocaleString("en-US") : DASH);

type ColumnKey = keyof PanelMetricsRow | "valid";
interface Column {
  key: ColumnKey;
  label: string;
  title?: string;
  format: (row: PanelMetricsRow) => string;
  /** Sort value (numbers sort numerically, missing values last). */
  value: (row: PanelMetricsRow) => number | string | undefined;
  /** Which direction is better; undefined = no best marked. */
  better?: "higher" | "lower";
  quality?: boolean;
}

const metric = (key: keyof PanelMetricsRow, label: string, digits: number, title?: string): Column => ({
  key,
  label,
  title,
  quality: true,
  better: "higher",
  format: (r) => fixed(digits)(r[key] as number | null | undefined),
  value: (r) => (isNum(r[key] as number | null | undefined) ? (r[key] as number) : undefined),
});

const COLUMNS: Column[] = [
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
];

interface PerfColumn {
  /** A metrics column, or "load_s": the model's load time, which comes with the run rather than the metrics CSV. */
  key: keyof PanelMetricsRow | "load_s";
  label: string;
  title?: string;
  format: (v: number | null | undefined) => string;
  better?: "higher" | "lower";
}
const PERF_COLUMNS: PerfColumn[] = [
  { key: "runtime_s", label: "Runtime (s)", title: "Summed generation time, model load excluded", format: fixed(1), better: "lower" },
  { key: "tokens_in", label: "Tokens in", format: int },
  { key: "tokens_out", label: "Tokens out", format: int },
  { key: "tokens_per_sec", label: "Tok/s", title: "Generated tokens per second", format: fixed(1), better: "higher" },
  { key: "load_s", label: "Load (s)", title: "Seconds to load the model (weights and context), last run", format: fixed(2), better: "lower" },
];

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: { text?: string; className?: string; testId?: string; title?: string } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.text !== undefined) node.textContent = options.text;
  if (options.className) node.className = options.className;
  if (options.testId) node.dataset.testid = options.testId;
  if (options.title) node.title = options.title;
  for (const child of children) node.append(child);
  return node;
}

/** A toolkit element (a custom element), created through the DOM like the rest. */
function tk(tag: string, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function fileLink(path: string, line?: number, text?: string): HTMLButtonElement {
  const button = el("button", { className: "link", text: text ?? fileName(path), title: line ? `${path}:${line}` : path });
  button.type = "button";
  button.addEventListener("click", () => vscode.postMessage({ type: "openFile", path, ...(line ? { line } : {}) }));
  return button;
}

function save(): void {
  vscode.setState(state);
}

// ---------------------------------------------------------------------------------------------------------------
// Layout: a header (title, run files, progress) and two tabs. Each region re-renders on its own, so progress
// messages during a run do not disturb the rows being read.

const header = el("header");
const progressBox = el("section", { className: "progress-box", testId: "progress-box" });
const overview = el("div", { className: "overview", testId: "overview" });
const rowsView = el("div", { className: "rows", testId: "rows" });
const plotsView = el("div", { className: "plots", testId: "plots" });
const panels = tk(
  "vscode-panels",
  { "activeid": "tab-overview", "aria-label": "Results" },
  tk("vscode-panel-tab", { id: "tab-overview" }, "Overview"),
  tk("vscode-panel-tab", { id: "tab-rows" }, "Rows"),
  tk("vscode-panel-tab", { id: "tab-plots" }, "Plots"),
  tk("vscode-panel-view", { id: "view-overview" }, overview),
  tk("vscode-panel-view", { id: "view-rows" }, rowsView),
  tk("vscode-panel-view", { id: "view-plots" }, plotsView),
);
panels.dataset.testid = "tabs";
panels.addEventListener("change", () => {
  const id = panels.getAttribute("activeid") ?? (panels as unknown as { activeid?: string }).activeid;
  const tab: Tab = id === "tab-rows" ? "rows" : id === "tab-plots" ? "plots" : "overview";
  if (tab !== state.tab) setTab(tab, false);
});

function setTab(tab: Tab, updateTabs = true): void {
  state.tab = tab;
  save();
  if (updateTabs) {
    panels.setAttribute("activeid", `tab-${tab}`);
    (panels as unknown as { activeid?: string }).activeid = `tab-${tab}`;
  }
  if (tab === "rows") requestRows();
  if (tab === "plots") void renderPlots();
}

// ---------------------------------------------------------------------------------------------------------------
// Header and progress

function renderHeader(): void {
  const results = state.results;
  const children: Node[] = [el("h1", { text: "Prompt Bench results" })];
  if (results) {
    const list = el("dl", { className: "run", testId: "run" });
    const entries: [string, string | undefined, string][] = [
      ["Prompt", results.run.promptFile, "prompt"],
      ["Dataset", results.run.csvFile, "csv"],
      ["Results CSV", results.run.outputFile, "output"],
      ["Metrics CSV", results.run.metricsFile, "metrics"],
    ];
    for (const [label, path, id] of entries) {
      if (!path) continue;
      list.append(el("dt", { text: label }), el("dd", { testId: `run-${id}` }, fileLink(path)));
    }
    children.push(list);
    if (results.cancelled) {
      children.push(el("p", { className: "notice", testId: "cancelled", text: "The run was cancelled; the metrics cover the rows that finished. Run it again to resume." }));
    }
  } else {
    children.push(el("p", { className: "muted", text: "No results yet. Run “Prompt Bench: Benchmark this prompt” on a prompt file." }));
  }
  header.replaceChildren(...children);
}

function renderProgress(): void {
  const progress = state.progress;
  if (!progress) {
    progressBox.hidden = true;
    progressBox.replaceChildren();
    return;
  }
  progressBox.hidden = false;
  const prefix = { running: "Running: ", done: "", cancelled: "", failed: "Failed: " }[progress.state];
  const line = el("p", { className: `progress ${progress.state}`, testId: "progress", text: prefix + progress.message });
  const models = state.models ?? [];
  const children: Node[] = [line];
  if (models.length > 0) {
    const table = el("table", { className: "progress-models", testId: "progress-models" });
    for (const m of models) {
      const bar = el("progress");
      bar.max = Math.max(1, m.rowsTotal);
      bar.value = Math.min(m.rowsDone, m.rowsTotal);
      const tr = el(
        "tr",
        { testId: "progress-model" },
        el("td", { className: "name", text: m.model }),
        el("td", {}, bar),
        el("td", { className: "num", text: `${m.rowsDone}/${m.rowsTotal}` }),
        el("td", { className: "num muted", text: isNum(m.tokensPerSec) ? `${m.tokensPerSec.toFixed(1)} tok/s` : "" }),
      );
      tr.dataset.model = m.model;
      table.append(tr);
    }
    children.push(table);
  }
  progressBox.replaceChildren(...children);
}

function trackProgress(message: ProgressMessage): void {
  if (message.model === undefined || message.rowsTotal === undefined) return;
  const models = (state.models ?? []).filter((m) => m.model !== message.model);
  const entry: ModelProgress = {
    model: message.model,
    index: message.modelIndex ?? 0,
    rowsDone: message.rowsDone ?? 0,
    rowsTotal: message.rowsTotal,
    tokensPerSec: message.tokensPerSec,
  };
  state.models = [...models, entry].sort((a, b) => a.index - b.index);
}

// ---------------------------------------------------------------------------------------------------------------
// Overview

function compare(a: number | string | undefined, b: number | string | undefined): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b));
}

/** The best row per field for each column with a "better" direction (ties: every tied row is marked). */
function bestCells(metrics: readonly PanelMetricsRow[]): Set<string> {
  const marked = new Set<string>();
  const fields = [...new Set(metrics.map((r) => r.field))];
  for (const column of COLUMNS) {
    if (!column.better) continue;
    for (const field of fields) {
      const rows = metrics.filter((r) => r.field === field);
      const values = rows.map((r) => column.value(r)).filter((v): v is number => typeof v === "number");
      if (values.length < 2 || values.every((v) => v === values[0])) continue; // nothing to compare, or all equal
      const best = column.better === "higher" ? Math.max(...values) : Math.min(...values);
      for (const r of rows) if (column.value(r) === best) marked.add(`${column.key}|${r.model}|${r.field}`);
    }
  }
  return marked;
}

function renderMetricsTable(metrics: readonly PanelMetricsRow[]): HTMLElement {
  const sort = state.sort;
  const sorted = [...metrics];
  if (sort) {
    const column = COLUMNS.find((c) => c.key === sort.key);
    if (column) {
      // Missing values stay last in both directions; ties keep the file's order.
      sorted.sort((a, b) => {
        const va = column.value(a);
        const vb = column.value(b);
        if (va === undefined || vb === undefined) return compare(va, vb);
        return sort.dir * compare(va, vb);
      });
    }
  }
  const best = bestCells(metrics);
  const table = el("table", { className: "metrics", testId: "metrics-table" });
  const headRow = el("tr");
  for (const column of COLUMNS) {
    const th = el("th", { title: `${column.title ? `${column.title}. ` : ""}Click to sort.`, className: column.quality ? "quality" : "" });
    th.scope = "col";
    th.dataset.col = column.key;
    const active = sort?.key === column.key;
    th.setAttribute("aria-sort", active ? (sort.dir === 1 ? "ascending" : "descending") : "none");
    const button = el("button", { className: "sort", text: column.label });
    button.type = "button";
    const arrow = el("span", { className: "arrow", text: active ? (sort.dir === 1 ? " ▲" : " ▼") : "" });
    arrow.setAttribute("aria-hidden", "true");
    th.append(button, arrow);
    th.addEventListener("click", () => sortBy(column));
    headRow.append(th);
  }
  table.append(el("thead", {}, headRow));
  const body = el("tbody");
  let previousModel: string | undefined;
  for (const row of sorted) {
    const tr = el("tr", { testId: "metrics-row", className: !sort && row.model !== previousModel ? "first-of-model" : "" });
    tr.dataset.model = row.model;
    tr.dataset.field = row.field;
    previousModel = row.model;
    for (const column of COLUMNS) {
      const text = column.format(row);
      const isBest = best.has(`${column.key}|${row.model}|${row.field}`);
      const classes = [column.quality ? "quality" : "", text === DASH ? "empty" : "", column.key === "model" || column.key === "field" ? "name" : "num", isBest ? "best" : ""];
      const td = el("td", { text, className: classes.filter(Boolean).join(" ") });
      td.dataset.col = column.key;
      if (isBest) td.title = `Best ${column.label} for ${row.field}`;
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  return table;
}

function sortBy(column: Column): void {
  const current = state.sort;
  // First click: best first (descending for "higher is better", names ascending); second click flips.
  const initial: SortDir = column.better === "lower" || !column.better ? 1 : -1;
  state.sort = current?.key === column.key ? { key: column.key, dir: (current.dir * -1) as SortDir } : { key: column.key, dir: initial };
  save();
  renderOverview();
}

function renderPerformance(metrics: readonly PanelMetricsRow[]): HTMLElement {
  const perModel = new Map<string, PanelMetricsRow>();
  for (const row of metrics) if (!perModel.has(row.model)) perModel.set(row.model, row);
  const rows = [...perModel.values()];
  const table = el("table", { className: "metrics perf", testId: "perf-table" });
  const headRow = el("tr", {}, el("th", { text: "Model" }));
  for (const c of PERF_COLUMNS) {
    const th = el("th", { text: c.label, title: c.title });
    th.dataset.col = c.key;
    headRow.append(th);
  }
  table.append(el("thead", {}, headRow));
  const body = el("tbody");
  for (const row of rows) {
    const tr = el("tr", { testId: "perf-row" }, el("td", { className: "name", text: row.model }));
    tr.dataset.model = row.model;
    for (const c of PERF_COLUMNS) {
      const value = (r: PanelMetricsRow): number | null | undefined =>
        c.key === "load_s" ? state.results?.loadSeconds?.[r.model] : (r[c.key as keyof PanelMetricsRow] as number | null | undefined);
      const v = value(row);
      const values = rows.map(value).filter(isNum);
      const best = c.better && values.length > 1 && !values.every((x) => x === values[0]) && isNum(v) && v === (c.better === "higher" ? Math.max(...values) : Math.min(...values));
      const td = el("td", { text: c.format(v), className: ["num", isNum(v) ? "" : "empty", best ? "best" : ""].filter(Boolean).join(" ") });
      td.dataset.col = c.key;
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  return table;
}

function renderOverview(): void {
  const results = state.results;
  if (!results) {
    overview.replaceChildren();
    return;
  }
  const children: Node[] = [];
  if (results.metrics.length === 0) {
    children.push(el("p", { className: "muted", testId: "no-metrics", text: "No metrics were computed." }));
  } else {
    children.push(el("h2", { text: "Quality per model and field" }));
    children.push(el("div", { className: "table-scroll" }, renderMetricsTable(results.metrics)));
    children.push(
      el("p", {
        className: "muted note",
        testId: "quality-note",
        text:
          "Click a header to sort. Highlighted: the best value of each column per field (higher is better). " +
          "Quality metrics are computed over the schema-valid rows only (— = no valid row, or not computed). " +
          "ROUGE: rouge_score F-measure (0–1, its default tokenizer, which drops umlauts unless the unicode " +
          "tokenizer was chosen), averaged over rows; BLEU and chrF++: sacrebleu corpus scores (0–100); exact match: " +
          "case-insensitive after stripping whitespace (0–100).",
      }),
    );
    for (const note of results.notes ?? []) children.push(el("p", { className: "muted note", testId: "metrics-note", text: note }));
    children.push(el("h2", { text: "Performance per model" }));
    children.push(el("div", { className: "table-scroll" }, renderPerformance(results.metrics)));
    children.push(el("p", { className: "muted note", text: "Highlighted: the shortest runtime and the highest throughput." }));
  }
  children.push(renderFailures(results));
  overview.replaceChildren(...children);
}

function renderFailures(results: ResultsMessage): HTMLElement {
  const section = el("section", { className: "failures", testId: "failures" });
  if (results.failuresUnknown) {
    section.append(
      el("h2", { text: "Rows that failed validation" }),
      el("p", { className: "muted", text: "Not known for a metrics file opened on its own: see the Rows tab (filter “Failed validation”)." }),
    );
    return section;
  }
  section.append(el("h2", { text: `Rows that failed validation (${results.failuresTotal})` }));
  if (results.failuresTotal === 0) {
    section.append(el("p", { className: "muted", text: "Every output passed schema validation." }));
    return section;
  }
  const list = el("ul", { testId: "failures-list" });
  for (const failure of results.failures) {
    const item = el("li", { testId: "failure" });
    item.dataset.model = failure.model;
    item.dataset.line = String(failure.line);
    const where = results.run.csvFile ? fileLink(results.run.csvFile, failure.line, `line ${failure.line}`) : el("span", { text: `line ${failure.line}` });
    item.append(where, el("span", { className: "model", text: failure.model }), el("span", { className: "error", text: failure.error }));
    list.append(item);
  }
  section.append(list);
  const more = results.failuresTotal - results.failures.length;
  if (more > 0) section.append(el("p", { className: "muted", text: `…and ${more} more (Rows tab, filter “Failed validation”).` }));
  return section;
}

// ---------------------------------------------------------------------------------------------------------------
// Rows: one page at a time from the extension, never more rows than shown.

const FILTERS: [RowFilter, string][] = [
  ["all", "All rows"],
  ["failed", "Failed validation"],
  ["disagree", "Models disagree"],
  ["below", "Below threshold"],
];

const DEFAULT_THRESHOLD = 50;
let rowsRequestId = 0;
/** Row highlighted by a focusRow message. */
let focusedRow: number | undefined;
let lastPage: RowsPageMessage | undefined;
let rowsWaiters: (() => void)[] = [];

function requestRows(): void {
  if (!state.results) return;
  rowsRequestId++;
  const limit = Math.min(PAGE_SIZE, MAX_ROWS_PAGE);
  vscode.postMessage({ type: "rowsPage", requestId: rowsRequestId, offset: state.offset ?? 0, limit, filter: state.filter ?? "all", threshold: state.threshold ?? DEFAULT_THRESHOLD });
}

/** Resolves once the latest requested page is rendered. */
function rowsSettled(): Promise<void> {
  if (lastPage?.requestId === rowsRequestId) return Promise.resolve();
  return new Promise((resolve) => rowsWaiters.push(resolve));
}

function renderRowsControls(page: RowsPageMessage | undefined): HTMLElement {
  const label = el("label", { text: "Show" });
  label.setAttribute("slot", "label");
  const group = tk("vscode-radio-group", { orientation: "horizontal" }, label);
  for (const [value, label] of FILTERS) {
    const radio = tk("vscode-radio", { value }, label);
    if ((state.filter ?? "all") === value) radio.setAttribute("checked", "");
    radio.dataset.filter = value;
    radio.addEventListener("click", () => setFilter(value));
    group.append(radio);
  }
  const threshold = el("input", { className: "threshold", title: "“Below threshold”: rows where a valid prediction's chrF++ (0–100) is below this" });
  threshold.type = "number";
  threshold.min = "0";
  threshold.max = "100";
  threshold.step = "5";
  threshold.value = String(state.threshold ?? DEFAULT_THRESHOLD);
  threshold.setAttribute("aria-label", "chrF++ threshold");
  threshold.addEventListener("change", () => {
    const v = Number(threshold.value);
    if (!Number.isFinite(v) || v < 0 || v > 100) return;
    state.threshold = v;
    if ((state.filter ?? "all") === "below") state.offset = 0;
    save();
    if ((state.filter ?? "all") === "below") requestRows();
  });
  const thresholdBox = el("label", { className: "threshold-box" }, "chrF++ below ", threshold);
  const offset = page?.offset ?? state.offset ?? 0;
  const total = page?.total ?? 0;
  const prev = tk("vscode-button", { appearance: "secondary" }, "Previous");
  const next = tk("vscode-button", { appearance: "secondary" }, "Next");
  if (offset <= 0) prev.setAttribute("disabled", "");
  if (offset + PAGE_SIZE >= total) next.setAttribute("disabled", "");
  prev.addEventListener("click", () => goTo(Math.max(0, offset - PAGE_SIZE)));
  next.addEventListener("click", () => goTo(offset + PAGE_SIZE));
  const shown = page && page.rows.length > 0 ? `rows ${offset + 1}–${offset + page.rows.length} of ${total}` : `0 of ${total}`;
  const of = page && page.filter !== "all" ? ` (${page.rowCount} in the file)` : "";
  const status = el("span", { className: "muted", testId: "rows-status", text: shown + of });
  return el("div", { className: "rows-controls" }, group, thresholdBox, el("div", { className: "pager" }, prev, status, next));
}

function setFilter(filter: RowFilter): void {
  if ((state.filter ?? "all") === filter) return;
  state.filter = filter;
  state.offset = 0;
  save();
  requestRows();
}

function goTo(offset: number): void {
  state.offset = offset;
  save();
  requestRows();
}

/** Raw output with `<think>…</think>` reasoning folded into a <details>. */
function renderRaw(raw: string): HTMLElement {
  const box = el("div", { className: "raw" });
  const match = /<think>([\s\S]*?)(<\/think>|$)/.exec(raw);
  let answer = raw;
  if (match) {
    const details = el("details", { className: "reasoning" }, el("summary", { text: "reasoning" }), el("pre", { className: "cell-text", text: match[1]?.trim() ?? "" }));
    box.append(details);
    answer = raw.slice(0, match.index) + raw.slice(match.index + match[0].length);
  }
  box.append(el("pre", { className: "cell-text answer", text: answer.trim() }));
  return box;
}

const score = (v: number | null | undefined, digits: number) => (isNum(v) ? v.toFixed(digits) : DASH);

function renderRow(row: PanelRow, fields: readonly string[]): HTMLTableRowElement {
  const tr = el("tr", { testId: "data-row", title: `Click to show line ${row.line} in the CSV` });
  tr.dataset.index = String(row.index);
  tr.dataset.line = String(row.line);
  if (row.index === focusedRow) tr.classList.add("focused");
  tr.addEventListener("click", (event) => {
    // Clicks inside <details> (open/close reasoning) or on a selection do not navigate.
    if ((event.target as Element).closest("details") || window.getSelection()?.toString()) return;
    vscode.postMessage({ type: "revealRow", index: row.index });
  });
  tr.append(el("td", { className: "num line", text: String(row.line || row.index + 1) }));
  tr.append(el("td", { className: "source" }, el("div", { className: "cell-text clamp", text: row.source })));
  for (const field of fields) tr.append(el("td", { className: "target" }, el("div", { className: "cell-text", text: row.targets[field] ?? "" })));
  for (const m of row.models) {
    const td = el("td", { className: `model-cell ${m.valid === false ? "invalid" : m.valid === null ? "pending" : "valid"}` });
    td.dataset.model = m.model;
    if (m.valid === null) {
      td.append(el("span", { className: "muted", text: "not run yet" }));
    } else {
      const dl = el("dl", { className: "preds" });
      for (const field of fields) {
        const s = m.scores[field] ?? {};
        const scores = m.valid ? `EM ${score(s.exact_match, 0)} · BLEU ${score(s.bleu, 1)} · chrF++ ${score(s.chrf, 1)} · ROUGE-L ${score(s.rougeL, 2)}` : "";
        dl.append(
          el("dt", { text: field }),
          el("dd", {}, el("span", { className: "cell-text pred", text: m.predictions[field] ?? "" }), el("span", { className: "scores muted", text: scores })),
        );
      }
      td.append(dl);
      if (m.valid === false) td.append(el("div", { className: "cell-text error", text: m.error }));
      const raw = el("details", { className: "raw-output" }, el("summary", { text: "raw output" }), renderRaw(m.raw));
      td.append(raw);
    }
    tr.append(td);
  }
  return tr;
}

function renderRows(page: RowsPageMessage | undefined): void {
  const children: Node[] = [renderRowsControls(page)];
  if (page?.error) {
    children.push(el("p", { className: "muted", testId: "rows-error", text: page.error }));
  } else if (page && page.rows.length === 0) {
    children.push(el("p", { className: "muted", testId: "rows-empty", text: "No rows match." }));
  } else if (page) {
    const table = el("table", { className: "data-rows", testId: "rows-table" });
    const head = el("tr", {}, el("th", { text: "Line" }), el("th", { text: "source" }));
    for (const field of page.fields) head.append(el("th", { className: "target", text: `${field} (target)` }));
    for (const model of page.models) head.append(el("th", { text: model }));
    table.append(el("thead", {}, head));
    const body = el("tbody");
    for (const row of page.rows) body.append(renderRow(row, page.fields));
    table.append(body);
    children.push(el("div", { className: "table-scroll" }, table));
  } else {
    children.push(el("p", { className: "muted", text: "Loading rows…" }));
  }
  rowsView.replaceChildren(...children);
}

function receiveRows(page: RowsPageMessage): void {
  if (page.requestId !== rowsRequestId) return; // an older request answered late
  lastPage = page;
  renderRows(page);
  const waiters = rowsWaiters;
  rowsWaiters = [];
  for (const w of waiters) w();
}

// ---------------------------------------------------------------------------------------------------------------
// Plots: the seven plotly figures of src/core/plots, coloured from the VS Code theme's CSS variables.

let plotsDone: Promise<void> = Promise.resolve();
let plotsFor: unknown;

function themeFromCss(): PlotTheme {
  const css = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const highContrast = document.body.classList.contains("vscode-high-contrast") || document.body.classList.contains("vscode-high-contrast-light");
  const dark = document.body.classList.contains("vscode-dark") || (highContrast && !document.body.classList.contains("vscode-high-contrast-light"));
  const colorway = dark
    ? ["#56B4E9", "#E69F00", "#009E73", "#F0E442", "#CC79A7", "#D55E00", "#0072B2", "#FFFFFF", "#BCBD22", "#17BECF", "#C49C94", "#7F7F7F"]
    : ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000", "#8C564B", "#7F7F7F", "#BCBD22", "#17BECF"];
  return {
    foreground: v("--vscode-foreground", dark ? "#cccccc" : "#1f2328"),
    background: v("--vscode-editor-background", dark ? "#1e1e1e" : "#ffffff"),
    grid: v(highContrast ? "--vscode-contrastBorder" : "--vscode-editorWidget-border", dark ? "#454545" : "#d8dee4"),
    font: v("--vscode-font-family", "system-ui, sans-serif"),
    colorway,
  };
}

function metricsRows(results: ResultsMessage): MetricsRow[] {
  const opt = (x: number | null | undefined) => (isNum(x) ? x : undefined);
  const num = (x: number | null | undefined) => (isNum(x) ? x : Number.NaN);
  return results.metrics.map((r) => ({
    model: r.model,
    field: r.field,
    n_total: r.n_total,
    n_valid: r.n_valid,
    rouge1: opt(r.rouge1),
    rouge2: opt(r.rouge2),
    rougeL: opt(r.rougeL),
    bleu: opt(r.bleu),
    chrf: opt(r.chrf),
    bertscore_f1: opt(r.bertscore_f1),
    exact_match: opt(r.exact_match),
    runtime_s: num(r.runtime_s),
    tokens_in: num(r.tokens_in),
    tokens_out: num(r.tokens_out),
    tokens_per_sec: num(r.tokens_per_sec),
  }));
}

/** Draws the plots for the current results and theme (again only when either changed). */
function renderPlots(force = false): Promise<void> {
  const results = state.results;
  const key = [results, document.body.className];
  if (!force && plotsFor !== undefined && (plotsFor as unknown[])[0] === key[0] && (plotsFor as unknown[])[1] === key[1]) return plotsDone;
  plotsFor = key;
  plotsDone = (async () => {
    for (const div of plotsView.querySelectorAll<HTMLElement>(".plot")) Plotly?.purge(div);
    if (!results || results.metrics.length === 0) {
      plotsView.replaceChildren(el("p", { className: "muted", text: "No metrics to plot." }));
      return;
    }
    if (typeof Plotly === "undefined") {
      plotsView.replaceChildren(el("p", { className: "muted", testId: "plots-error", text: "plotly.js did not load, so the plots cannot be shown." }));
      return;
    }
    const figures = buildFigures(metricsRows(results), themeFromCss()).map((f) => ({
      ...f,
      figure: {
        ...f.figure,
        // plotly draws a colour bar's fills with setAttribute("style", ""), which the CSP blocks (style-src-attr):
        // the heatmap cells are annotated with their values, so the panel leaves the colour bar out.
        data: f.figure.data.map((trace) => (trace.type === "heatmap" ? { ...trace, showscale: false } : trace)),
      },
    }));
    const divs = figures.map((f) => {
      const div = el("div", { className: "plot", testId: "plot" });
      div.dataset.name = f.name;
      div.setAttribute("role", "img");
      div.setAttribute("aria-label", f.title);
      return div;
    });
    const exportButton = tk("vscode-button", { appearance: "secondary" }, "Export plots…");
    exportButton.dataset.testid = "export-plots";
    exportButton.addEventListener("click", () => vscode.postMessage({ type: "exportPlots" }));
    plotsView.replaceChildren(
      el("p", { className: "muted note", text: "The seed's seven plots (quality, heatmap, validation rate and radar per field; runtime, tokens and throughput per model). Export writes them as PNG files with the seed's names, plus a self-contained report.html." }),
      exportButton,
      ...divs,
    );
    await Promise.all(
      figures.map((f, i) =>
        Plotly.newPlot(divs[i]!, f.figure.data, { ...f.figure.layout, width: f.width, height: f.height }, { displayModeBar: false, responsive: false }).catch((error: unknown) => {
          divs[i]!.replaceChildren(el("p", { className: "muted", text: `Plot ${f.name} failed: ${String(error)}` }));
        }),
      ),
    );
  })();
  return plotsDone;
}

// VS Code switches the theme by changing the body's class (vscode-light, vscode-dark, vscode-high-contrast…).
new MutationObserver(() => {
  if (state.tab === "plots") void renderPlots();
}).observe(document.body, { attributes: true, attributeFilter: ["class"] });

async function focusRow(index: number): Promise<void> {
  focusedRow = index;
  state.filter = "all";
  state.offset = Math.floor(index / PAGE_SIZE) * PAGE_SIZE;
  save();
  if (state.tab === "rows") requestRows();
  else setTab("rows");
  await rowsSettled();
  rowsView.querySelector<HTMLElement>(`tr[data-index="${index}"]`)?.scrollIntoView({ block: "center" });
}

// ---------------------------------------------------------------------------------------------------------------
// DOM summary for the tests

async function domSummary(request: { requestId: number; tab?: Tab; filter?: RowFilter; sortBy?: string[]; clickRow?: number }): Promise<DomSummary> {
  if (request.filter && request.filter !== (state.filter ?? "all")) {
    state.filter = request.filter;
    state.offset = 0;
    if (state.tab === "rows") requestRows();
  }
  if (request.tab && request.tab !== state.tab) setTab(request.tab);
  if (state.tab === "rows") {
    if (!lastPage) requestRows();
    await rowsSettled();
  }
  if (state.tab === "plots") await renderPlots();
  for (const key of request.sortBy ?? []) {
    const th = overview.querySelector<HTMLElement>(`th[data-col="${CSS.escape(key)}"]`);
    th?.click();
  }
  if (request.clickRow !== undefined) rowsView.querySelector<HTMLElement>(`tr[data-index="${request.clickRow}"]`)?.click();
  await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
  const table = overview.querySelector("[data-testid=metrics-table]");
  const texts = (nodes: Iterable<Element>) => [...nodes].map((n) => n.textContent ?? "");
  const rowsTable = rowsView.querySelector("[data-testid=rows-table]");
  return {
    type: "domSummary",
    requestId: request.requestId,
    tab: state.tab ?? "overview",
    overviewHeader: table ? texts(table.querySelectorAll("thead th button")) : [],
    overviewRows: table ? [...table.querySelectorAll("tbody tr")].map((tr) => texts(tr.querySelectorAll("td"))) : [],
    best: [...overview.querySelectorAll<HTMLElement>("[data-testid=metrics-table] td.best")].map((td) => ({
      col: td.dataset.col ?? "",
      model: (td.parentElement as HTMLElement).dataset.model ?? "",
      field: (td.parentElement as HTMLElement).dataset.field ?? "",
    })),
    rows: rowsTable
      ? [...rowsTable.querySelectorAll<HTMLElement>("tbody tr")].map((tr) => ({
          index: Number(tr.dataset.index),
          line: Number(tr.dataset.line),
          texts: texts(tr.querySelectorAll(".cell-text")),
        }))
      : [],
    rowsTotal: lastPage?.total ?? 0,
    scriptCount: app.querySelectorAll("script").length,
    imgCount: app.querySelectorAll("img").length,
    iframeCount: app.querySelectorAll("iframe, object, embed").length,
    anchorsWithHref: app.querySelectorAll("a[href]").length,
    elementsWithOnAttributes: [...app.querySelectorAll("*")].filter((e) => [...e.attributes].some((a) => a.name.toLowerCase().startsWith("on"))).length,
    xssFlag: (window as unknown as { __pbXss?: unknown }).__pbXss !== undefined,
    cspViolations: [...cspViolations],
    toolkitDefined: TOOLKIT_TAGS.filter((tag) => {
      const node = app.querySelector(tag);
      return customElements.get(tag) !== undefined && node !== null && node.shadowRoot !== null;
    }),
    focusedRow: (() => {
      const tr = rowsView.querySelector<HTMLElement>("tr.focused");
      return tr ? Number(tr.dataset.index) : null;
    })(),
    plots: [...plotsView.querySelectorAll<HTMLElement>(".plot")].map((div) => ({
      name: div.dataset.name ?? "",
      svgs: div.querySelectorAll("svg.main-svg").length,
      texts: div.querySelectorAll("svg text").length,
    })),
    progressModels: [...progressBox.querySelectorAll<HTMLElement>("[data-testid=progress-model]")].map((tr) => tr.dataset.model ?? ""),
  };
}

// ---------------------------------------------------------------------------------------------------------------

function renderAll(): void {
  renderHeader();
  renderProgress();
  renderOverview();
  if (state.tab === "rows") requestRows();
  else renderRows(undefined);
  if (state.tab === "plots") void renderPlots();
}

window.addEventListener("message", (event: MessageEvent<unknown>) => {
  const parsed = parseToWebview(event.data);
  if (!parsed.ok) {
    console.warn(`Prompt Bench panel: dropped a ${parsed.error}`);
    return;
  }
  const message = parsed.message;
  switch (message.type) {
    case "results":
      state.results = message;
      lastPage = undefined;
      save();
      renderAll();
      vscode.postMessage({ type: "rendered", metricsRows: message.metrics.length, failures: message.failures.length });
      return;
    case "progress":
      // A new run starts a fresh list of models.
      if (message.state === "running" && state.progress?.state !== "running") state.models = [];
      state.progress = message;
      trackProgress(message);
      save();
      renderProgress();
      return;
    case "rowsPage":
      receiveRows(message);
      return;
    case "domSummary":
      void domSummary(message).then((summary) => vscode.postMessage(summary));
      return;
    case "focusRow":
      void focusRow(message.index);
      return;
  }
});

// Restore what was shown before the webview was hidden and re-created (or the window reloaded), then ask for the latest.
const saved = vscode.getState() as PanelState | undefined;
if (saved && typeof saved === "object") {
  const results = saved.results ? parseToWebview(saved.results) : undefined;
  const progress = saved.progress ? parseToWebview(saved.progress) : undefined;
  state = {
    ...saved,
    results: results?.ok && results.message.type === "results" ? results.message : undefined,
    progress: progress?.ok && progress.message.type === "progress" ? progress.message : undefined,
    models: Array.isArray(saved.models) ? saved.models : undefined,
  };
}
app.replaceChildren(header, progressBox, panels);
if (state.tab === "rows" || state.tab === "plots") panels.setAttribute("activeid", `tab-${state.tab}`);
renderAll();
vscode.postMessage({ type: "ready" });
