import { randomBytes } from "node:crypto";
import type { MetricsRow } from "../runner/options";
import { METRICS_COLUMNS, metricsTableCells } from "./metricsTableData";
import type { NamedFigure } from "./types";

export interface ReportInput {
  title: string;
  metrics: MetricsRow[];
  figures: NamedFigure[];
  /** plotly.js-dist-min's source, inlined so the file opens without network. */
  plotlyJs: string;
  notes?: string[];
  /** Fixed only in tests. */
  nonce?: string;
}

/**
 * A self-contained report. Untrusted text (model and field names, notes) only travels as JSON in a
 * `<script type="application/json">` block with `<` escaped, and the page script inserts it with textContent.
 */
export function renderReportHtml(input: ReportInput): string {
  const nonce = input.nonce ?? randomBytes(16).toString("base64");
  const payload = {
    title: input.title,
    columns: METRICS_COLUMNS,
    rows: metricsTableCells(input.metrics),
    notes: input.notes ?? [],
    figures: input.figures.map((f) => ({ name: f.name, title: f.title, width: f.width, height: f.height, figure: f.figure })),
  };
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Prompt Bench report</title>
<style>${STYLE}</style>
</head>
<body>
<h1 id="pb-title">Prompt Bench report</h1>
<ul id="pb-notes"></ul>
<h2>Metrics</h2>
<div class="table-wrap"><table id="pb-metrics"></table></div>
<div id="pb-figures"></div>
<script type="application/json" id="pb-data">${jsonForScript(payload)}</script>
<script nonce="${nonce}">${scriptSafe(input.plotlyJs)}</script>
<script nonce="${nonce}">${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

/** JSON that cannot end its script element or open a comment: every `<` becomes `\u003c` (still valid JSON). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Trusted library code, but a literal `</script` would still end the element early. */
function scriptSafe(js: string): string {
  return js.replace(/<\/script/gi, "<\\/script");
}

const STYLE = `body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2328;background:#fff;margin:24px}
table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #d8dee4;padding:4px 8px;text-align:right;white-space:nowrap}
th:nth-child(-n+2),td:nth-child(-n+2){text-align:left}th{background:#f6f8fa;position:sticky;top:0}
.table-wrap{overflow:auto;max-height:70vh}section{margin-top:32px}#pb-notes:empty{display:none}`;

// Static page code: reads the JSON block, builds the DOM with textContent, draws every figure.
// window.pbReady resolves when all figures are drawn (the PNG renderer waits for it).
const PAGE_SCRIPT = `(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pb-data").textContent);
  document.getElementById("pb-title").textContent = data.title;
  document.title = data.title;
  var notes = document.getElementById("pb-notes");
  data.notes.forEach(function (n) { var li = document.createElement("li"); li.textContent = n; notes.appendChild(li); });
  var table = document.getElementById("pb-metrics");
  var head = table.createTHead().insertRow();
  data.columns.forEach(function (c) { var th = document.createElement("th"); th.textContent = c; head.appendChild(th); });
  var body = table.createTBody();
  data.rows.forEach(function (cells) {
    var tr = body.insertRow();
    cells.forEach(function (c) { tr.insertCell().textContent = c; });
  });
  var host = document.getElementById("pb-figures");
  var drawn = data.figures.map(function (f) {
    // The figure draws its own title; the section only names it for screen readers.
    var section = document.createElement("section");
    section.setAttribute("aria-label", f.title);
    var div = document.createElement("div");
    div.className = "pb-plot";
    div.setAttribute("data-name", f.name);
    div.style.width = "100%";
    div.style.maxWidth = f.width + "px";
    div.style.height = f.height + "px";
    section.appendChild(div);
    host.appendChild(section);
    return Plotly.newPlot(div, f.figure.data, f.figure.layout, { responsive: true, displaylogo: false });
  });
  window.pbFigures = data.figures;
  window.pbReady = Promise.all(drawn);
})();`;
