// The results panel's script. Everything shown comes from CSV cells and model output, so the DOM is built only
// with createElement + textContent (never innerHTML), and every message is parsed with the shared zod schemas.
// Tabs, buttons and the filter radios are @vscode/webview-ui-toolkit components (FAST web components; their styles
// go through adoptedStyleSheets; the one <style> element FAST adds (a :focus-visible probe) carries the page's
// style nonce from <meta property="csp-nonce">, so the CSP needs no 'unsafe-inline' — the panel test checks).
// Import order is evaluation order: zod is configured before any schema is built, the CSP listener comes next so
// it sees everything after it, then the toolkit is registered before any view creates a component.
import "./zodConfig";
import "./csp";
import "./toolkit";
import { parseToWebview } from "../src/shared/protocol";
import { receiveCompare, renderCompare } from "./compare";
import { domSummary } from "./domSummary";
import { receiveHistory, requestHistory } from "./history";
import { header, renderHeader, renderProgress, progressBox, trackProgress } from "./header";
import { renderOverview } from "./overview";
import { renderPlots } from "./plots";
import { renderRows, receiveRows, requestRows } from "./rows";
import { app, panel, save, vscode, type PanelState } from "./state";
import { focusRow, panels, setTab } from "./tabs";

function renderAll(): void {
  renderHeader();
  renderProgress();
  renderOverview();
  if (panel.state.tab === "rows") requestRows();
  else renderRows(undefined);
  if (panel.state.tab === "plots") void renderPlots();
  // Another run (or file) shown: its prompt and dataset select the History tab's runs, and the history may have grown.
  if (panel.state.tab === "history") requestHistory();
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
      panel.state.results = message;
      panel.lastPage = undefined;
      save();
      renderAll();
      vscode.postMessage({ type: "rendered", metricsRows: message.metrics.length, failures: message.failures.length });
      return;
    case "progress":
      // A new run starts a fresh list of models.
      if (message.state === "running" && panel.state.progress?.state !== "running") panel.state.models = [];
      panel.state.progress = message;
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
    case "showTab":
      setTab(message.tab);
      return;
    case "history":
      receiveHistory(message);
      return;
    case "compare":
      receiveCompare(message);
      return;
  }
});

// Restore what was shown before the webview was hidden and re-created (or the window reloaded), then ask for the latest.
const saved = vscode.getState() as PanelState | undefined;
if (saved && typeof saved === "object") {
  const results = saved.results ? parseToWebview(saved.results) : undefined;
  const progress = saved.progress ? parseToWebview(saved.progress) : undefined;
  const history = saved.history ? parseToWebview(saved.history) : undefined;
  const compare = saved.compare ? parseToWebview(saved.compare) : undefined;
  panel.state = {
    ...saved,
    results: results?.ok && results.message.type === "results" ? results.message : undefined,
    progress: progress?.ok && progress.message.type === "progress" ? progress.message : undefined,
    history: history?.ok && history.message.type === "history" ? history.message : undefined,
    compare: compare?.ok && compare.message.type === "compare" ? compare.message : undefined,
    picked: Array.isArray(saved.picked) ? saved.picked.filter((x): x is string => typeof x === "string") : undefined,
    models: Array.isArray(saved.models) ? saved.models : undefined,
  };
}
app.replaceChildren(header, progressBox, panels);
if (panel.state.tab && panel.state.tab !== "overview") panels.setAttribute("activeid", `tab-${panel.state.tab}`);
renderAll();
if (panel.state.tab === "compare") void renderCompare();
vscode.postMessage({ type: "ready" });
