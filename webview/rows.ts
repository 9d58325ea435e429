// Rows tab: one page at a time from the extension, never more rows than shown.
import { MAX_ROWS_PAGE, type PanelRow, type RowFilter, type RowsPageMessage } from "../src/shared/protocol";
import { DASH, el, isNum, tk } from "./dom";
import { panel, save, vscode } from "./state";

export const PAGE_SIZE = 50;
export const rowsView = el("div", { className: "rows", testId: "rows" });

const FILTERS: [RowFilter, string][] = [
  ["all", "All rows"],
  ["failed", "Failed validation"],
  ["disagree", "Models disagree"],
  ["below", "Below threshold"],
];

const DEFAULT_THRESHOLD = 50;
let rowsRequestId = 0;
let rowsWaiters: (() => void)[] = [];

export function requestRows(): void {
  if (!panel.state.results) return;
  rowsRequestId++;
  const limit = Math.min(PAGE_SIZE, MAX_ROWS_PAGE);
  vscode.postMessage({ type: "rowsPage", requestId: rowsRequestId, offset: panel.state.offset ?? 0, limit, filter: panel.state.filter ?? "all", threshold: panel.state.threshold ?? DEFAULT_THRESHOLD });
}

/** Resolves once the latest requested page is rendered. */
export function rowsSettled(): Promise<void> {
  if (panel.lastPage?.requestId === rowsRequestId) return Promise.resolve();
  return new Promise((resolve) => rowsWaiters.push(resolve));
}

function renderRowsControls(page: RowsPageMessage | undefined): HTMLElement {
  const label = el("label", { text: "Show" });
  label.setAttribute("slot", "label");
  const group = tk("vscode-radio-group", { orientation: "horizontal" }, label);
  for (const [value, label] of FILTERS) {
    const radio = tk("vscode-radio", { value }, label);
    if ((panel.state.filter ?? "all") === value) radio.setAttribute("checked", "");
    radio.dataset.filter = value;
    radio.addEventListener("click", () => setFilter(value));
    group.append(radio);
  }
  const threshold = el("input", { className: "threshold", title: "“Below threshold”: rows where a valid prediction's chrF++ (0–100) is below this" });
  threshold.type = "number";
  threshold.min = "0";
  threshold.max = "100";
  threshold.step = "5";
  threshold.value = String(panel.state.threshold ?? DEFAULT_THRESHOLD);
  threshold.setAttribute("aria-label", "chrF++ threshold");
  threshold.addEventListener("change", () => {
    const v = Number(threshold.value);
    if (!Number.isFinite(v) || v < 0 || v > 100) return;
    panel.state.threshold = v;
    if ((panel.state.filter ?? "all") === "below") panel.state.offset = 0;
    save();
    if ((panel.state.filter ?? "all") === "below") requestRows();
  });
  const thresholdBox = el("label", { className: "threshold-box" }, "chrF++ below ", threshold);
  const offset = page?.offset ?? panel.state.offset ?? 0;
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
  if ((panel.state.filter ?? "all") === filter) return;
  panel.state.filter = filter;
  panel.state.offset = 0;
  save();
  requestRows();
}

function goTo(offset: number): void {
  panel.state.offset = offset;
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
  if (row.index === panel.focusedRow) tr.classList.add("focused");
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

export function renderRows(page: RowsPageMessage | undefined): void {
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

export function receiveRows(page: RowsPageMessage): void {
  if (page.requestId !== rowsRequestId) return; // an older request answered late
  panel.lastPage = page;
  renderRows(page);
  const waiters = rowsWaiters;
  rowsWaiters = [];
  for (const w of waiters) w();
}
