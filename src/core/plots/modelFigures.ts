import type { MetricsRow } from "../runner/options";
import { round } from "./qualityMetrics";
import { baseLayout, plotText, tickAngle, type PlotTheme } from "./theme";
import type { PlotFigure } from "./types";

// Performance figures: the metrics CSV repeats runtime/tokens on each field of a model, so one row per model is used.

/** The first metrics row of each model, in the metrics CSV's order. */
export function perModel(metrics: MetricsRow[]): MetricsRow[] {
  const seen = new Map<string, MetricsRow>();
  for (const row of metrics) if (!seen.has(row.model)) seen.set(row.model, row);
  return [...seen.values()];
}

/** Horizontal bars: total generation time per model. */
export function runtimeFigure(models: MetricsRow[], theme: PlotTheme): PlotFigure {
  const layout = baseLayout(theme, "Runtime per model");
  return {
    data: [
      {
        type: "bar",
        orientation: "h",
        name: "runtime",
        y: models.map((r) => plotText(r.model)),
        x: models.map((r) => round(r.runtime_s, 2)),
        texttemplate: "%{x:.1f} s",
        textposition: "auto",
        hovertemplate: "%{y}<br>%{x:.2f} s<extra></extra>",
        marker: { color: theme.colorway[0] },
      },
    ],
    layout: {
      ...layout,
      showlegend: false,
      xaxis: { ...(layout.xaxis as object), rangemode: "tozero", title: { text: "generation time, s (model load excluded)" } },
      yaxis: { ...(layout.yaxis as object), type: "category", autorange: "reversed", showgrid: false },
    },
  };
}

/** Stacked bars: prompt tokens and output tokens per model. */
export function tokensFigure(models: MetricsRow[], theme: PlotTheme): PlotFigure {
  const x = models.map((r) => plotText(r.model));
  const layout = baseLayout(theme, "Tokens per model");
  return {
    data: [
      { type: "bar", name: "tokens in (prompt)", x, y: models.map((r) => r.tokens_in), hovertemplate: "%{x}<br>in: %{y}<extra></extra>" },
      { type: "bar", name: "tokens out (generated)", x, y: models.map((r) => r.tokens_out), hovertemplate: "%{x}<br>out: %{y}<extra></extra>" },
    ],
    layout: {
      ...layout,
      barmode: "stack",
      legend: { ...(layout.legend as object), traceorder: "normal" },
      xaxis: { ...(layout.xaxis as object), type: "category", showgrid: false, tickangle: tickAngle(models.map((r) => r.model)) },
      yaxis: { ...(layout.yaxis as object), rangemode: "tozero", title: { text: "tokens" } },
    },
  };
}

/** Bars: generated tokens per second of generation time. */
export function throughputFigure(models: MetricsRow[], theme: PlotTheme): PlotFigure {
  const layout = baseLayout(theme, "Throughput per model");
  return {
    data: [
      {
        type: "bar",
        name: "tokens/s",
        x: models.map((r) => plotText(r.model)),
        y: models.map((r) => round(r.tokens_per_sec, 2)),
        texttemplate: "%{y:.1f}",
        textposition: "auto",
        hovertemplate: "%{x}<br>%{y:.1f} tokens/s<extra></extra>",
        marker: { color: theme.colorway[1] ?? theme.colorway[0] },
      },
    ],
    layout: {
      ...layout,
      showlegend: false,
      xaxis: { ...(layout.xaxis as object), type: "category", showgrid: false, tickangle: tickAngle(models.map((r) => r.model)) },
      yaxis: { ...(layout.yaxis as object), rangemode: "tozero", title: { text: "output tokens per second" } },
    },
  };
}
