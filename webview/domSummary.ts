// DOM summary for the tests: they read the panel's DOM through this hook (and can click through it).
import type { DomSummary, RowFilter } from "../src/shared/protocol";
import { cspViolations } from "./csp";
import { progressBox } from "./header";
import { overview } from "./overview";
import { plotsView, renderPlots } from "./plots";
import { requestRows, rowsSettled, rowsView } from "./rows";
import { app, panel, type Tab } from "./state";
import { setTab } from "./tabs";
import { TOOLKIT_TAGS } from "./toolkit";

export async function domSummary(request: { requestId: number; tab?: Tab; filter?: RowFilter; sortBy?: string[]; clickRow?: number }): Promise<DomSummary> {
  if (request.filter && request.filter !== (panel.state.filter ?? "all")) {
    panel.state.filter = request.filter;
    panel.state.offset = 0;
    if (panel.state.tab === "rows") requestRows();
  }
  if (request.tab && request.tab !== panel.state.tab) setTab(request.tab);
  if (panel.state.tab === "rows") {
    if (!panel.lastPage) requestRows();
    await rowsSettled();
  }
  if (panel.state.tab === "plots") await renderPlots();
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
    tab: panel.state.tab ?? "overview",
    overviewHeader: table ? texts(table.querySelectorAll("thead th button")) : [],
    overviewRows: table ? [...table.querySelectorAll("tbody tr")].map((tr) => texts(tr.querySelectorAll("td"))) : [],
    hardwareRows: [...overview.querySelectorAll("[data-testid=hardware-table] tbody tr")].map((tr) => texts(tr.querySelectorAll("td"))),
    skippedTexts: texts(overview.querySelectorAll("[data-testid=skipped-note], [data-testid=skipped-reason]")),
    perfHeader: texts(overview.querySelectorAll("[data-testid=perf-table] thead th")),
    perfRows: [...overview.querySelectorAll("[data-testid=perf-table] tbody tr")].map((tr) => texts(tr.querySelectorAll("td"))),
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
    rowsTotal: panel.lastPage?.total ?? 0,
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
