// The results panel's script. Everything shown comes from CSV cells and model output, so the DOM is built only
// with createElement + textContent (never innerHTML), and every message is parsed with the shared zod schemas.
import * as z from "zod";
import {
  parseToWebview,
  type FromWebview,
  type PanelMetricsRow,
  type ProgressMessage,
  type ResultsMessage,
} from "../src/shared/protocol";

// The strict CSP forbids eval; without this zod probes `new Function` and the webview reports a CSP violation.
z.config({ jitless: true });

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById("app") ?? document.body;

interface PanelState {
  results?: ResultsMessage;
  progress?: ProgressMessage;
}
let state: PanelState = {};

type Column = {
  key: keyof PanelMetricsRow | "valid";
  label: string;
  title?: string;
  format: (row: PanelMetricsRow) => string;
  quality?: boolean;
};

const DASH = "—";
const fixed = (digits: number) => (v: number | null | undefined) => (v === undefined || v === null || !Number.isFinite(v) ? DASH : v.toFixed(digits));
const int = (v: number | null | undefined): string => (v === undefined || v === null || !Number.isFinite(v) ? DASH : Math.round(v).toLocaleString("en-US"));

const COLUMNS: Column[] = [
  { key: "model", label: "Model", format: (r) => r.model },
  { key: "field", label: "Field", format: (r) => r.field },
  {
    key: "valid",
    label: "Valid",
    title: "Rows whose output passed schema validation (n_valid / n_total)",
    format: (r) => `${r.n_valid}/${r.n_total}`,
  },
  { key: "exact_match", label: "Exact match", title: "Case-insensitive, stripped, 0–100", format: (r) => fixed(1)(r.exact_match) },
  { key: "rouge1", label: "ROUGE-1", quality: true, format: (r) => fixed(2)(r.rouge1) },
  { key: "rouge2", label: "ROUGE-2", quality: true, format: (r) => fixed(2)(r.rouge2) },
  { key: "rougeL", label: "ROUGE-L", quality: true, format: (r) => fixed(2)(r.rougeL) },
  { key: "bleu", label: "BLEU", quality: true, format: (r) => fixed(2)(r.bleu) },
  { key: "chrf", label: "chrF", quality: true, format: (r) => fixed(2)(r.chrf) },
  { key: "bertscore_f1", label: "BERTScore F1", quality: true, format: (r) => fixed(2)(r.bertscore_f1) },
  { key: "runtime_s", label: "Runtime (s)", format: (r) => fixed(1)(r.runtime_s) },
  { key: "tokens_in", label: "Tokens in", format: (r) => int(r.tokens_in) },
  { key: "tokens_out", label: "Tokens out", format: (r) => int(r.tokens_out) },
  { key: "tokens_per_sec", label: "Tok/s", title: "Generated tokens per second", format: (r) => fixed(1)(r.tokens_per_sec) },
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

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function fileLink(path: string, line?: number, text?: string): HTMLButtonElement {
  const button = el("button", { className: "link", text: text ?? fileName(path), title: line ? `${path}:${line}` : path });
  button.type = "button";
  button.addEventListener("click", () => vscode.postMessage({ type: "openFile", path, ...(line ? { line } : {}) }));
  return button;
}

function renderRun(results: ResultsMessage): HTMLElement {
  const list = el("dl", { className: "run", testId: "run" });
  const entries: [string, string | undefined, string][] = [
    ["Prompt", results.run.promptFile, "prompt"],
    ["Dataset", results.run.csvFile, "csv"],
    ["Results CSV", results.run.outputFile, "output"],
    ["Metrics CSV", results.run.metricsFile, "metrics"],
  ];
  for (const [label, path, id] of entries) {
    if (!path) continue;
    const dd = el("dd", { testId: `run-${id}` }, fileLink(path));
    list.append(el("dt", { text: label }), dd);
  }
  return list;
}

function renderProgress(progress: ProgressMessage | undefined): HTMLElement {
  const box = el("p", { className: `progress ${progress?.state ?? "idle"}`, testId: "progress" });
  if (!progress) {
    box.hidden = true;
    return box;
  }
  const prefix = { running: "Running: ", done: "", cancelled: "", failed: "Failed: " }[progress.state];
  box.textContent = prefix + progress.message;
  return box;
}

function renderTable(metrics: readonly PanelMetricsRow[]): HTMLElement {
  const table = el("table", { className: "metrics", testId: "metrics-table" });
  const headRow = el("tr");
  for (const column of COLUMNS) {
    const th = el("th", { text: column.label, title: column.title, className: column.quality ? "quality" : "" });
    th.scope = "col";
    th.dataset.col = column.key;
    headRow.append(th);
  }
  table.append(el("thead", {}, headRow));
  const body = el("tbody");
  let previousModel: string | undefined;
  for (const row of metrics) {
    const tr = el("tr", { testId: "metrics-row", className: row.model !== previousModel ? "first-of-model" : "" });
    tr.dataset.model = row.model;
    tr.dataset.field = row.field;
    previousModel = row.model;
    for (const column of COLUMNS) {
      const text = column.format(row);
      const td = el("td", { text, className: [column.quality ? "quality" : "", text === DASH ? "empty" : "", column.key === "model" || column.key === "field" ? "name" : "num"].filter(Boolean).join(" ") });
      td.dataset.col = column.key;
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  return table;
}

function renderFailures(results: ResultsMessage): HTMLElement {
  const section = el("section", { className: "failures", testId: "failures" });
  if (results.failuresUnknown) {
    section.append(
      el("h2", { text: "Rows that failed validation" }),
      el("p", {
        className: "muted",
        text: "Not known for a metrics file opened on its own: see the raw_<model>__valid and raw_<model>__error columns of the results CSV, or run the benchmark again.",
      }),
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
  if (more > 0) {
    section.append(el("p", { className: "muted", text: `…and ${more} more (see the raw_<model>__error columns of the results CSV).` }));
  }
  return section;
}

function render(): void {
  const { results, progress } = state;
  const children: Node[] = [el("h1", { text: "Prompt Bench results" }), renderProgress(progress)];
  if (!results) {
    children.push(el("p", { className: "muted", text: "No results yet. Run “Prompt Bench: Benchmark this prompt” on a prompt file." }));
    app.replaceChildren(...children);
    return;
  }
  children.push(renderRun(results));
  if (results.cancelled) {
    children.push(el("p", { className: "notice", testId: "cancelled", text: "The run was cancelled; the metrics cover the rows that finished. Run it again to resume." }));
  }
  children.push(el("h2", { text: "Metrics" }));
  if (results.metrics.length === 0) {
    children.push(el("p", { className: "muted", testId: "no-metrics", text: "No metrics were computed." }));
  } else {
    children.push(el("div", { className: "table-scroll" }, renderTable(results.metrics)));
    children.push(
      el("p", {
        className: "muted note",
        testId: "quality-note",
        text:
          "Quality metrics are computed over the schema-valid rows only (— = no valid row, or not computed). " +
          "ROUGE: rouge_score F-measure (0–1, its default tokenizer, which drops umlauts unless the unicode " +
          "tokenizer was chosen), averaged over rows; BLEU and chrF++: sacrebleu corpus scores (0–100); exact match: " +
          "case-insensitive after stripping whitespace (0–100).",
      }),
    );
    for (const note of results.notes ?? []) children.push(el("p", { className: "muted note", testId: "metrics-note", text: note }));
  }
  children.push(renderFailures(results));
  app.replaceChildren(...children);
  vscode.postMessage({ type: "rendered", metricsRows: results.metrics.length, failures: results.failures.length });
}

window.addEventListener("message", (event: MessageEvent<unknown>) => {
  const parsed = parseToWebview(event.data);
  if (!parsed.ok) {
    console.warn(`Prompt Bench panel: dropped a ${parsed.error}`);
    return;
  }
  const message = parsed.message;
  if (message.type === "results") {
    state = { ...state, results: message };
  } else {
    state = { ...state, progress: message };
  }
  vscode.setState(state);
  render();
});

// Restore what was shown before the webview was hidden and re-created, then ask for the latest.
const saved = vscode.getState() as PanelState | undefined;
if (saved && typeof saved === "object") {
  const results = saved.results ? parseToWebview(saved.results) : undefined;
  const progress = saved.progress ? parseToWebview(saved.progress) : undefined;
  state = {
    results: results?.ok && results.message.type === "results" ? results.message : undefined,
    progress: progress?.ok && progress.message.type === "progress" ? progress.message : undefined,
  };
}
render();
vscode.postMessage({ type: "ready" });
