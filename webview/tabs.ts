// The tab strip (Overview, Rows, Plots, History, Compare) and navigation between tabs.
import { compareView, renderCompare } from "./compare";
import { tk } from "./dom";
import { historyView, requestHistory } from "./history";
import { overview } from "./overview";
import { renderPlots, plotsView } from "./plots";
import { PAGE_SIZE, requestRows, rowsSettled, rowsView } from "./rows";
import { panel, save, type Tab } from "./state";

export const panels = tk(
  "vscode-panels",
  { "activeid": "tab-overview", "aria-label": "Results" },
  tk("vscode-panel-tab", { id: "tab-overview" }, "Overview"),
  tk("vscode-panel-tab", { id: "tab-rows" }, "Rows"),
  tk("vscode-panel-tab", { id: "tab-plots" }, "Plots"),
  tk("vscode-panel-tab", { id: "tab-history" }, "History"),
  tk("vscode-panel-tab", { id: "tab-compare" }, "Compare"),
  tk("vscode-panel-view", { id: "view-overview" }, overview),
  tk("vscode-panel-view", { id: "view-rows" }, rowsView),
  tk("vscode-panel-view", { id: "view-plots" }, plotsView),
  tk("vscode-panel-view", { id: "view-history" }, historyView),
  tk("vscode-panel-view", { id: "view-compare" }, compareView),
);
const TABS: readonly Tab[] = ["overview", "rows", "plots", "history", "compare"];
panels.dataset.testid = "tabs";
panels.addEventListener("change", () => {
  const id = panels.getAttribute("activeid") ?? (panels as unknown as { activeid?: string }).activeid;
  const tab: Tab = TABS.find((t) => id === `tab-${t}`) ?? "overview";
  if (tab !== panel.state.tab) setTab(tab, false);
});

export function setTab(tab: Tab, updateTabs = true): void {
  panel.state.tab = tab;
  save();
  if (updateTabs) {
    panels.setAttribute("activeid", `tab-${tab}`);
    (panels as unknown as { activeid?: string }).activeid = `tab-${tab}`;
  }
  if (tab === "rows") requestRows();
  if (tab === "plots") void renderPlots();
  if (tab === "history") requestHistory();
  if (tab === "compare") void renderCompare();
}

export async function focusRow(index: number): Promise<void> {
  panel.focusedRow = index;
  panel.state.filter = "all";
  panel.state.offset = Math.floor(index / PAGE_SIZE) * PAGE_SIZE;
  save();
  if (panel.state.tab === "rows") requestRows();
  else setTab("rows");
  await rowsSettled();
  rowsView.querySelector<HTMLElement>(`tr[data-index="${index}"]`)?.scrollIntoView({ block: "center" });
}
