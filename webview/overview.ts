// Overview tab: sortable quality table with the best values marked, performance per model, failed rows.
import type { PanelMetricsRow, ResultsMessage } from "../src/shared/protocol";
import { skipAdvice } from "../src/shared/skipAdvice";
import { COLUMNS, PERF_COLUMNS, type Column } from "./columns";
import { DASH, el, fileLink, isNum } from "./dom";
import { HARDWARE_NOTE, hasHardware, renderHardware } from "./hardware";
import { panel, save, type SortDir } from "./state";

export const overview = el("div", { className: "overview", testId: "overview" });

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
    if (!column.better || column.key === "rank") continue;
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
  const sort = panel.state.sort;
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
  const shared = sharedRanks(metrics);
  const columns = COLUMNS.filter((c) => !c.optional || metrics.some((r) => c.value(r) !== undefined));
  const table = el("table", { className: "metrics", testId: "metrics-table" });
  const headRow = el("tr");
  for (const column of columns) {
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
    for (const column of columns) {
      const text = column.format(row);
      const isBest = best.has(`${column.key}|${row.model}|${row.field}`);
      const classes = [column.quality ? "quality" : "", text === DASH ? "empty" : "", column.key === "model" || column.key === "field" ? "name" : "num", isBest ? "best" : ""];
      const td = el("td", { className: classes.filter(Boolean).join(" ") });
      td.dataset.col = column.key;
      if (column.key === "rank") renderRank(td, row, shared);
      else td.append(el("span", { className: "value", text }));
      const titles = isBest ? [`Best ${column.label} for ${row.field}`] : [];
      const interval = text === DASH ? undefined : column.interval?.(row);
      if (interval) {
        const half = (interval.high - interval.low) / 2;
        td.append(el("span", { className: "ci", testId: "ci", text: `±${half.toFixed(column.digits ?? 2)}` }));
        titles.push(`95% CI ${interval.low.toFixed(column.digits ?? 2)}–${interval.high.toFixed(column.digits ?? 2)} (bootstrap over the rows)`);
      }
      if (titles.length > 0) td.title = titles.join(" · ");
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  return table;
}

/** Models sharing their rank with another model of the same field: no significant chrF++ difference. */
function sharedRanks(metrics: readonly PanelMetricsRow[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const row of metrics) {
    if (!isNum(row.rank)) continue;
    const others = metrics.filter((o) => o !== row && o.field === row.field && o.rank === row.rank).map((o) => o.model);
    if (others.length > 0) out.set(`${row.model}|${row.field}`, others);
  }
  return out;
}

function renderRank(td: HTMLElement, row: PanelMetricsRow, shared: ReadonlyMap<string, string[]>): void {
  const tiedWith = shared.get(`${row.model}|${row.field}`);
  const text = isNum(row.rank) ? `${tiedWith ? "=" : ""}${row.rank}` : DASH;
  td.append(el("span", { className: tiedWith ? "value tied" : "value", testId: "rank", text }));
  if (tiedWith) td.dataset.tiedWith = tiedWith.join(", ");
  td.title = !isNum(row.rank)
    ? "Not ranked (no valid row, or a metrics file without ranks)"
    : tiedWith
      ? `Rank ${row.rank} by chrF++ for ${row.field}, tied with ${tiedWith.join(", ")}: the difference is not significant (paired bootstrap, p ≥ 0.05)`
      : `Rank ${row.rank} by chrF++ for ${row.field}`;
}

function sortBy(column: Column): void {
  const current = panel.state.sort;
  // First click: best first (descending for "higher is better", names ascending); second click flips.
  const initial: SortDir = column.better === "lower" || !column.better ? 1 : -1;
  panel.state.sort = current?.key === column.key ? { key: column.key, dir: (current.dir * -1) as SortDir } : { key: column.key, dir: initial };
  save();
  renderOverview();
}

function renderPerformance(metrics: readonly PanelMetricsRow[]): HTMLElement {
  const perModel = new Map<string, PanelMetricsRow>();
  for (const row of metrics) if (!perModel.has(row.model)) perModel.set(row.model, row);
  const rows = [...perModel.values()];
  const columns = PERF_COLUMNS.filter((c) => !c.optional || rows.some((r) => isNum(r[c.key as keyof PanelMetricsRow] as number | null | undefined)));
  const table = el("table", { className: "metrics perf", testId: "perf-table" });
  const headRow = el("tr", {}, el("th", { text: "Model" }));
  for (const c of columns) {
    const th = el("th", { text: c.label, title: c.title });
    th.dataset.col = c.key;
    headRow.append(th);
  }
  table.append(el("thead", {}, headRow));
  const body = el("tbody");
  for (const row of rows) {
    const name = el("td", { className: "name", text: row.model });
    if (row.skipped) name.append(el("div", { className: "muted skipped", testId: "skipped-reason", text: `skipped: ${row.skipped}` }));
    const tr = el("tr", { testId: "perf-row" }, name);
    tr.dataset.model = row.model;
    for (const c of columns) {
      const value = (r: PanelMetricsRow): number | null | undefined =>
        c.key === "load_s" ? panel.state.results?.loadSeconds?.[r.model] : (r[c.key as keyof PanelMetricsRow] as number | null | undefined);
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

export function renderOverview(): void {
  const results = panel.state.results;
  if (!results) {
    overview.replaceChildren();
    return;
  }
  const children: Node[] = [];
  if (results.metrics.length === 0) {
    children.push(el("p", { className: "muted", testId: "no-metrics", text: "No metrics were computed." }));
  } else {
    children.push(el("h2", { text: "Quality per model and field" }));
    for (const row of results.metrics.filter((r, i, all) => r.skipped && all.findIndex((o) => o.model === r.model) === i)) {
      const reason = row.skipped ?? "";
      const text = `${row.model} was skipped: ${reason.replace(/\.$/, "")}. Its rows stay empty; ${skipAdvice(reason)} to run it.`;
      children.push(el("p", { className: "notice note", testId: "skipped-note", text }));
    }
    children.push(el("div", { className: "table-scroll" }, renderMetricsTable(results.metrics)));
    children.push(
      el("p", {
        className: "muted note",
        testId: "quality-note",
        text:
          "Click a header to sort. Highlighted: the best value of each column per field (higher is better). " +
          "± = half the 95% bootstrap interval (hover for the interval); Rank: by chrF++ per field, “=” where models' " +
          "difference is not significant (they share the rank). " +
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
    if (hasHardware(results.metrics)) {
      children.push(el("h2", { text: "Latency and hardware per model" }));
      children.push(el("div", { className: "table-scroll" }, renderHardware(results.metrics)));
      children.push(el("p", { className: "muted note", testId: "hardware-note", text: HARDWARE_NOTE }));
    }
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
