// History tab: the runs of the history file (this prompt and dataset, or all), newest first, each headline metric
// over time as a small line plot, and two runs picked to compare. Every cell is set as text.
import { historyFigures } from "../src/core/plots/historyFigures";
import type { HistoryMessage, HistoryRun } from "../src/shared/historyProtocol";
import { DASH, el, fileName, isNum, tk } from "./dom";
import { plotly, themeFromCss } from "./plotly";
import { panel, save, vscode } from "./state";

export const historyView = el("div", { className: "history", testId: "history" });

let historyWaiters: (() => void)[] = [];
let requested = false;
let historyDone: Promise<void> = Promise.resolve();

/** Asks the extension for the runs (the answer re-renders the tab). */
export function requestHistory(): void {
  requested = true;
  vscode.postMessage({ type: "requestHistory" });
}

/** Resolves once a requested history has arrived and its plots are drawn. */
export async function historySettled(): Promise<void> {
  if (requested) await new Promise<void>((resolve) => historyWaiters.push(resolve));
  await historyDone;
}

export function receiveHistory(message: HistoryMessage): void {
  panel.state.history = message;
  const known = new Set(message.runs.map((r) => r.id));
  panel.state.picked = (panel.state.picked ?? []).filter((id) => known.has(id));
  save();
  historyDone = renderHistory();
  requested = false;
  const waiters = historyWaiters;
  historyWaiters = [];
  void historyDone.then(() => waiters.forEach((w) => w()));
}

/** The runs the scope selects: this prompt and dataset (when the panel shows a run), else all. */
export function shownRuns(message: HistoryMessage): HistoryRun[] {
  const scope = panel.state.historyScope ?? "this";
  if (scope === "all" || (!message.promptFile && !message.datasetFile)) return message.runs;
  return message.runs.filter((r) => (!message.promptFile || r.promptFile === message.promptFile) && (!message.datasetFile || r.datasetFile === message.datasetFile));
}

export function setHistoryScope(scope: "this" | "all"): void {
  if ((panel.state.historyScope ?? "this") === scope) return;
  panel.state.historyScope = scope;
  save();
  historyDone = renderHistory();
}

/** Ticks exactly these runs (tests) and presses Compare when two are ticked. */
export function pickRuns(ids: readonly string[]): void {
  panel.state.picked = [...ids];
  save();
  historyDone = renderHistory();
  historyView.querySelector<HTMLElement>("[data-testid=history-compare]")?.click();
}

const fmt = (v: number | null | undefined, digits: number) => (isNum(v) ? v.toFixed(digits) : DASH);
const perModel = (run: HistoryRun, value: (m: HistoryRun["models"][number]) => string) => run.models.map(value).join(" · ");

function renderControls(message: HistoryMessage, shown: number): HTMLElement {
  const label = el("label", { text: "Runs" });
  label.setAttribute("slot", "label");
  const group = tk("vscode-radio-group", { orientation: "horizontal" }, label);
  const scopes: ["this" | "all", string][] = [
    ["this", "This prompt and dataset"],
    ["all", "All runs"],
  ];
  for (const [value, text] of scopes) {
    const radio = tk("vscode-radio", { value }, text);
    if ((panel.state.historyScope ?? "this") === value) radio.setAttribute("checked", "");
    radio.addEventListener("click", () => setHistoryScope(value));
    group.append(radio);
  }
  const refresh = tk("vscode-button", { appearance: "secondary" }, "Refresh");
  refresh.addEventListener("click", () => requestHistory());
  const picked = panel.state.picked ?? [];
  const compare = tk("vscode-button", {}, "Compare the two ticked runs");
  compare.dataset.testid = "history-compare";
  if (picked.length !== 2) compare.setAttribute("disabled", "");
  compare.addEventListener("click", () => {
    const ids = panel.state.picked ?? [];
    if (ids.length !== 2) return;
    const [older, newer] = [...ids].sort(); // ids start with the start time: the older run is the baseline A
    vscode.postMessage({ type: "compareRuns", a: older!, b: newer! });
  });
  const of = message.total > message.runs.length ? ` (the newest ${message.runs.length} of ${message.total})` : "";
  const status = el("span", { className: "muted", testId: "history-status", text: `${shown} run${shown === 1 ? "" : "s"} shown${of}` });
  return el("div", { className: "rows-controls" }, group, refresh, compare, status);
}

function renderTable(runs: readonly HistoryRun[]): HTMLElement {
  const table = el("table", { className: "metrics history-table", testId: "history-table" });
  const head = el("tr");
  for (const label of ["Compare", "Started", "Status", "Prompt", "Dataset", "Models", "chrF++", "Exact match", "Valid"]) head.append(el("th", { text: label }));
  table.append(el("thead", {}, head));
  const body = el("tbody");
  const picked = new Set(panel.state.picked ?? []);
  for (const run of runs) {
    const tr = el("tr", { testId: "history-run" });
    tr.dataset.id = run.id;
    const box = el("input", { title: "Tick two runs, then Compare" });
    box.type = "checkbox";
    box.checked = picked.has(run.id);
    box.setAttribute("aria-label", `Compare run ${run.id}`);
    box.addEventListener("change", () => {
      const now = new Set(panel.state.picked ?? []);
      if (box.checked) now.add(run.id);
      else now.delete(run.id);
      // Two at most: ticking a third drops the earliest ticked.
      panel.state.picked = [...now].slice(-2);
      save();
      historyDone = renderHistory();
    });
    const started = new Date(run.startedAt);
    const when = Number.isNaN(started.getTime()) ? run.startedAt : started.toLocaleString();
    const prompt = el("td", { className: "name", title: `${run.promptFile ?? "(no file)"} · SHA-256 ${run.promptSha256}` }, el("div", { text: run.promptFile ? fileName(run.promptFile) : "(prompt text)" }), el("div", { className: "muted clamp", text: run.promptFirstLine }));
    const cells = [
      el("td", {}, box),
      el("td", { className: "name", text: when, title: `run ${run.id}` }),
      el("td", { className: run.status === "completed" ? "" : "notice-text", text: run.status }),
      prompt,
      el("td", { className: "name", text: `${fileName(run.datasetFile)} (${run.rows} rows)`, title: `${run.datasetFile} · SHA-256 ${run.datasetSha256}` }),
      el("td", { className: "name", text: run.models.map((m) => m.model).join(" · ") }),
      el("td", { className: "num", text: perModel(run, (m) => fmt(m.chrf, 1)) }),
      el("td", { className: "num", text: perModel(run, (m) => fmt(m.exactMatch, 1)) }),
      el("td", { className: "num", text: perModel(run, (m) => (isNum(m.validRate) ? `${(m.validRate * 100).toFixed(0)}%` : DASH)) }),
    ];
    for (const td of cells) td.dataset.testid = "history-cell";
    tr.append(...cells);
    body.append(tr);
  }
  table.append(body);
  return el("div", { className: "table-scroll" }, table);
}

export async function renderHistory(): Promise<void> {
  const message = panel.state.history;
  const Plotly = plotly();
  for (const div of historyView.querySelectorAll<HTMLElement>(".plot")) Plotly?.purge(div);
  if (!message) {
    historyView.replaceChildren(el("p", { className: "muted", text: "Loading the run history…" }));
    return;
  }
  const note = el("p", { className: "muted note", testId: "history-note", text: message.file ? `History file: ${message.file}` : "Run history is off (promptBench.historyFile is \"off\")." });
  if (message.error) {
    historyView.replaceChildren(note, el("p", { className: "notice", testId: "history-error", text: message.error }));
    return;
  }
  const runs = shownRuns(message);
  const children: Node[] = [note, renderControls(message, runs.length)];
  if (runs.length === 0) {
    children.push(el("p", { className: "muted", testId: "history-empty", text: "No recorded runs here yet: every benchmark run is recorded in the history file." }));
    historyView.replaceChildren(...children);
    return;
  }
  children.push(renderTable(runs));
  const figures = historyFigures(runs, themeFromCss());
  const divs = figures.map((f) => {
    const div = el("div", { className: "plot small-plot", testId: "history-plot" });
    div.dataset.name = f.name;
    div.setAttribute("role", "img");
    div.setAttribute("aria-label", f.title);
    return div;
  });
  if (figures.length > 0) children.push(el("h2", { text: "Headline metrics over time (each model's mean over its fields)" }), el("div", { className: "plot-grid" }, ...divs));
  historyView.replaceChildren(...children);
  if (!Plotly) {
    if (figures.length > 0) divs[0]!.replaceChildren(el("p", { className: "muted", text: "plotly.js did not load, so the plots cannot be shown." }));
    return;
  }
  await Promise.all(
    figures.map((f, i) =>
      Plotly.newPlot(divs[i]!, f.figure.data, { ...f.figure.layout, width: f.width, height: f.height }, { displayModeBar: false, responsive: false }).catch((error: unknown) => {
        divs[i]!.replaceChildren(el("p", { className: "muted", text: `Plot ${f.name} failed: ${String(error)}` }));
      }),
    ),
  );
}
