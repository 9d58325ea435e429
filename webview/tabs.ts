// The tab strip (Overview, Rows, Plots) and navigation between tabs.
import { tk } from "./dom";
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
  tk("vscode-panel-view", { id: "view-overview" }, overview),
  tk("vscode-panel-view", { id: "view-rows" }, rowsView),
  tk("vscode-panel-view", { id: "view-plots" }, plotsView),
);
panels.dataset.testid = "tabs";
panels.addEventListener("change", () => {
  const id = panels.getAttribute("activeid") ?? (panels as unknown as { activeid?: string }).activeid;
  const tab: Tab = id === "tab-rows" ? "rows" : id === "tab-plots" ? "plots" : "overview";
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
