// Plots tab: the seven plotly figures of src/core/plots, coloured from the VS Code theme's CSS variables.
import type { ResultsMessage } from "../src/shared/protocol";
import { buildFigures } from "../src/core/plots/figures";
import type { MetricsRow } from "../src/core/runner/options";
import { el, isNum, tk } from "./dom";
import { plotly, themeFromCss } from "./plotly";
import { panel, vscode } from "./state";

export const plotsView = el("div", { className: "plots", testId: "plots" });

let plotsDone: Promise<void> = Promise.resolve();
let plotsFor: unknown;

function metricsRows(results: ResultsMessage): MetricsRow[] {
  const opt = (x: number | null | undefined) => (isNum(x) ? x : undefined);
  const num = (x: number | null | undefined) => (isNum(x) ? x : Number.NaN);
  return results.metrics.map((r) => ({
    model: r.model,
    field: r.field,
    n_total: r.n_total,
    n_valid: r.n_valid,
    rouge1: opt(r.rouge1),
    rouge2: opt(r.rouge2),
    rougeL: opt(r.rougeL),
    bleu: opt(r.bleu),
    chrf: opt(r.chrf),
    bertscore_f1: opt(r.bertscore_f1),
    exact_match: opt(r.exact_match),
    runtime_s: num(r.runtime_s),
    tokens_in: num(r.tokens_in),
    tokens_out: num(r.tokens_out),
    tokens_per_sec: num(r.tokens_per_sec),
    // The model-size figures.
    params_b: opt(r.params_b),
    latency_p50_s: opt(r.latency_p50_s),
    latency_p95_s: opt(r.latency_p95_s),
    energy_wh: opt(r.energy_wh),
    vram_peak_gb: opt(r.vram_peak_gb),
    ram_peak_gb: opt(r.ram_peak_gb),
  }));
}

/** Draws the plots for the current results and theme (again only when either changed). */
export function renderPlots(force = false): Promise<void> {
  const results = panel.state.results;
  const key = [results, document.body.className];
  if (!force && plotsFor !== undefined && (plotsFor as unknown[])[0] === key[0] && (plotsFor as unknown[])[1] === key[1]) return plotsDone;
  plotsFor = key;
  plotsDone = (async () => {
    const Plotly = plotly();
    for (const div of plotsView.querySelectorAll<HTMLElement>(".plot")) Plotly?.purge(div);
    if (!results || results.metrics.length === 0) {
      plotsView.replaceChildren(el("p", { className: "muted", text: "No metrics to plot." }));
      return;
    }
    if (typeof Plotly === "undefined") {
      plotsView.replaceChildren(el("p", { className: "muted", testId: "plots-error", text: "plotly.js did not load, so the plots cannot be shown." }));
      return;
    }
    const figures = buildFigures(metricsRows(results), themeFromCss()).map((f) => ({
      ...f,
      figure: {
        ...f.figure,
        // plotly draws a colour bar's fills with setAttribute("style", ""), which the CSP blocks (style-src-attr):
        // the heatmap cells are annotated with their values, so the panel leaves the colour bar out.
        data: f.figure.data.map((trace) => (trace.type === "heatmap" ? { ...trace, showscale: false } : trace)),
      },
    }));
    const divs = figures.map((f) => {
      const div = el("div", { className: "plot", testId: "plot" });
      div.dataset.name = f.name;
      div.setAttribute("role", "img");
      div.setAttribute("aria-label", f.title);
      return div;
    });
    const exportButton = tk("vscode-button", { appearance: "secondary" }, "Export plots…");
    exportButton.dataset.testid = "export-plots";
    exportButton.addEventListener("click", () => vscode.postMessage({ type: "exportPlots" }));
    plotsView.replaceChildren(
      el("p", { className: "muted note", text: "The seed's seven plots (quality, heatmap, validation rate and radar per field; runtime, tokens and throughput per model). Export writes them as PNG files with the seed's names, plus a self-contained report.html." }),
      exportButton,
      ...divs,
    );
    await Promise.all(
      figures.map((f, i) =>
        Plotly.newPlot(divs[i]!, f.figure.data, { ...f.figure.layout, width: f.width, height: f.height }, { displayModeBar: false, responsive: false }).catch((error: unknown) => {
          divs[i]!.replaceChildren(el("p", { className: "muted", text: `Plot ${f.name} failed: ${String(error)}` }));
        }),
      ),
    );
  })();
  return plotsDone;
}

// VS Code switches the theme by changing the body's class (vscode-light, vscode-dark, vscode-high-contrast…).
new MutationObserver(() => {
  if (panel.state.tab === "plots") void renderPlots();
}).observe(document.body, { attributes: true, attributeFilter: ["class"] });
