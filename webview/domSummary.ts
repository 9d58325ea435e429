// DOM summary for the tests: they read the panel's DOM through this hook (and can click through it).
import type { DomSummary, RowFilter } from "../src/shared/protocol";
import { compareSettled, compareView, showComparison } from "./compare";
import { historySettled, historyView, pickRuns, setHistoryScope } from "./history";
import { cspViolations } from "./csp";
import { progressBox } from "./header";
import { overview } from "./overview";
import { plotsView, renderPlots } from "./plots";
import { requestRows, rowsSettled, rowsView } from "./rows";
import { app, panel, type Tab } from "./state";
import { setTab } from "./tabs";
import { TOOLKIT_TAGS } from "./toolkit";

interface SummaryRequest {
  requestId: number;
  tab?: Tab;
  filter?: RowFilter;
  sortBy?: string[];
  clickRow?: number;
  pickRuns?: string[];
  historyScope?: "this" | "all";
  comparisonIndex?: number;
  scrollTo?: string;
}

export async function domSummary(request: SummaryRequest): Promise<DomSummary> {
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
  if (panel.state.tab === "history") {
    await historySettled();
    if (request.historyScope) setHistoryScope(request.historyScope);
    if (request.pickRuns) pickRuns(request.pickRuns);
    await historySettled();
  }
  if (request.comparisonIndex !== undefined) await showComparison(request.comparisonIndex);
  if (panel.state.tab === "compare") await compareSettled();
  for (const key of request.sortBy ?? []) {
    const th = overview.querySelector<HTMLElement>(`th[data-col="${CSS.escape(key)}"]`);
    th?.click();
  }
  if (request.scrollTo) document.querySelector<HTMLElement>(`[data-testid="${CSS.escape(request.scrollTo)}"]`)?.scrollIntoView({ block: "start" });
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
    overviewRows: table ? [...table.querySelectorAll("tbody tr")].map((tr) => texts(tr.querySelectorAll("td > .value"))) : [],
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
    ...historySummary(texts),
    ...compareSummary(texts),
    progressModels: [...progressBox.querySelectorAll<HTMLElement>("[data-testid=progress-model]")].map((tr) => tr.dataset.model ?? ""),
  };
}

type Texts = (nodes: Iterable<Element>) => string[];

function historySummary(texts: Texts): Pick<DomSummary, "intervals" | "ranks" | "historyRuns" | "historyPlots" | "historyNote"> {
  const cellOf = (td: HTMLElement) => td.parentElement as HTMLElement;
  return {
    intervals: [...overview.querySelectorAll<HTMLElement>("[data-testid=metrics-table] td")]
      .filter((td) => td.querySelector(".ci"))
      .map((td) => ({ col: td.dataset.col ?? "", model: cellOf(td).dataset.model ?? "", field: cellOf(td).dataset.field ?? "", text: td.querySelector(".ci")?.textContent ?? "", title: td.title })),
    ranks: [...overview.querySelectorAll<HTMLElement>("[data-testid=metrics-table] td[data-col=rank]")].map((td) => ({
      model: cellOf(td).dataset.model ?? "",
      field: cellOf(td).dataset.field ?? "",
      text: td.textContent ?? "",
      title: td.title,
    })),
    historyRuns: [...historyView.querySelectorAll<HTMLElement>("[data-testid=history-run]")].map((tr) => ({ id: tr.dataset.id ?? "", texts: texts(tr.querySelectorAll("td")) })),
    historyPlots: [...historyView.querySelectorAll<HTMLElement>(".plot")].map((div) => ({
      name: div.dataset.name ?? "",
      svgs: div.querySelectorAll("svg.main-svg").length,
      texts: div.querySelectorAll("svg text").length,
      traces: div.querySelectorAll(".scatterlayer .trace").length,
      points: div.querySelectorAll(".scatterlayer path.point").length,
    })),
    historyNote: historyView.querySelector("[data-testid=history-note]")?.textContent ?? historyView.textContent ?? "",
  };
}

function compareSummary(texts: Texts): Pick<DomSummary, "compareError" | "compareOptions" | "compareSides" | "compareMetrics" | "compareMeasures" | "compareChart" | "changedRows"> {
  const chart = compareView.querySelector("[data-testid=compare-chart]");
  return {
    compareError: compareView.querySelector("[data-testid=compare-error]")?.textContent ?? undefined,
    compareOptions: texts(compareView.querySelectorAll("[data-testid=compare-select] option")),
    compareSides: [...compareView.querySelectorAll<HTMLElement>("[data-testid=compare-side]")].map((dd) => dd.dataset.id ?? ""),
    compareMetrics: [...compareView.querySelectorAll("[data-testid=compare-metric]")].map((tr) => texts(tr.querySelectorAll("td"))),
    compareMeasures: [...compareView.querySelectorAll("[data-testid=compare-measure]")].map((tr) => texts(tr.querySelectorAll("td"))),
    compareChart: chart
      ? { svgs: chart.querySelectorAll("svg.main-svg").length, errorBars: chart.querySelectorAll("g.errorbar").length, points: chart.querySelectorAll("path.point").length }
      : undefined,
    changedRows: [...compareView.querySelectorAll<HTMLElement>("[data-testid=changed-row]")].map((tr) => ({
      row: Number(tr.dataset.row),
      model: tr.dataset.model ?? "",
      change: tr.dataset.change ?? "",
      a: texts(tr.querySelectorAll(".side-a .diff-text")).join("\n"),
      b: texts(tr.querySelectorAll(".side-b .diff-text")).join("\n"),
      removed: texts(tr.querySelectorAll(".side-a del")),
      added: texts(tr.querySelectorAll(".side-b ins")),
    })),
  };
}
