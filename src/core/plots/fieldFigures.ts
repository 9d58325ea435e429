import type { MetricsRow } from "../runner/options";
import { isNum, nativeText, normalised, presentMetrics, round } from "./qualityMetrics";
import { baseLayout, plotText, tickAngle, type PlotTheme } from "./theme";
import type { PlotFigure } from "./types";

// Per-field figures; `rows` are the metrics rows of one field, one per model, in the metrics CSV's order.

/** Grouped bars: one trace per metric, models on x, all on 0–100 (ROUGE/BERTScore ×100). */
export function qualityFigure(field: string, rows: MetricsRow[], theme: PlotTheme): PlotFigure | undefined {
  const metrics = presentMetrics(rows);
  if (metrics.length === 0) return undefined;
  const models = rows.map((r) => plotText(r.model));
  const layout = baseLayout(theme, `Quality — ${plotText(field)}`);
  return {
    data: metrics.map((m) => ({
      type: "bar",
      name: m.label,
      x: models,
      y: rows.map((r) => normalised(r, m.key)),
      text: rows.map((r) => nativeText(r, m.key)),
      // Values inside the bars only while they stay legible; the hover always has them.
      textposition: rows.length * metrics.length > 24 ? "none" : "auto",
      hovertemplate: `%{x}<br>${m.label}: %{text}<extra></extra>`,
    })),
    layout: {
      ...layout,
      barmode: "group",
      xaxis: { ...(layout.xaxis as object), type: "category", showgrid: false, tickangle: tickAngle(rows.map((r) => r.model)) },
      yaxis: { ...(layout.yaxis as object), range: [0, 100], title: { text: "score, 0–100 (ROUGE and BERTScore × 100)" } },
    },
  };
}

/** Models × metrics, coloured by the 0–100 value, annotated with the metrics CSV's own numbers. */
export function heatmapFigure(field: string, rows: MetricsRow[], theme: PlotTheme): PlotFigure | undefined {
  const metrics = presentMetrics(rows);
  if (metrics.length === 0) return undefined;
  const layout = baseLayout(theme, `Metrics heatmap — ${plotText(field)}`);
  return {
    data: [
      {
        type: "heatmap",
        x: metrics.map((m) => m.label),
        y: rows.map((r) => plotText(r.model)),
        z: rows.map((r) => metrics.map((m) => normalised(r, m.key))),
        text: rows.map((r) => metrics.map((m) => nativeText(r, m.key))),
        texttemplate: "%{text}",
        hovertemplate: "%{y}<br>%{x}: %{text}<extra></extra>",
        zmin: 0,
        zmax: 100,
        colorscale: "Viridis",
        colorbar: { title: { text: "0–100" } },
        xgap: 1,
        ygap: 1,
      },
    ],
    layout: {
      ...layout,
      xaxis: { ...(layout.xaxis as object), type: "category", side: "bottom", showgrid: false },
      yaxis: { ...(layout.yaxis as object), type: "category", autorange: "reversed", showgrid: false },
    },
  };
}

/** Share of rows whose output passed schema validation, per model. */
export function validationFigure(field: string, rows: MetricsRow[], theme: PlotTheme): PlotFigure | undefined {
  const withRows = rows.filter((r) => r.n_total > 0);
  if (withRows.length === 0) return undefined;
  const layout = baseLayout(theme, `Validation rate — ${plotText(field)}`);
  return {
    data: [
      {
        type: "bar",
        name: "valid",
        x: withRows.map((r) => plotText(r.model)),
        y: withRows.map((r) => round((100 * r.n_valid) / r.n_total, 1)),
        text: withRows.map((r) => `${r.n_valid}/${r.n_total}`),
        textposition: "auto",
        hovertemplate: "%{x}<br>%{y:.1f}% valid (%{text})<extra></extra>",
        marker: { color: theme.colorway[2] ?? theme.colorway[0] },
      },
    ],
    layout: {
      ...layout,
      showlegend: false,
      xaxis: { ...(layout.xaxis as object), type: "category", showgrid: false, tickangle: tickAngle(withRows.map((r) => r.model)) },
      yaxis: { ...(layout.yaxis as object), range: [0, 100], title: { text: "valid rows, %" } },
    },
  };
}

/** One closed polygon per model over the metrics present, on 0–100. */
export function radarFigure(field: string, rows: MetricsRow[], theme: PlotTheme): PlotFigure | undefined {
  const metrics = presentMetrics(rows);
  if (metrics.length === 0) return undefined;
  const fill = rows.length <= 4 ? "toself" : "none"; // a dozen filled polygons turn to mud
  const data = rows
    .filter((r) => metrics.some((m) => isNum(r[m.key])))
    .map((r) => {
      const r100 = metrics.map((m) => normalised(r, m.key));
      const labels = metrics.map((m) => m.label);
      return {
        type: "scatterpolar",
        name: plotText(r.model),
        // Repeat the first point so the polygon closes.
        r: [...r100, r100[0]],
        theta: [...labels, labels[0]],
        fill,
        opacity: fill === "none" ? 1 : 0.55,
        connectgaps: true,
        hovertemplate: `${plotText(r.model)}<br>%{theta}: %{r:.1f}<extra></extra>`,
      };
    });
  const layout = baseLayout(theme, `Normalised metrics (0–100) — ${plotText(field)}`);
  return {
    data,
    layout: {
      ...layout,
      polar: {
        bgcolor: theme.background,
        radialaxis: { range: [0, 100], gridcolor: theme.grid, linecolor: theme.grid },
        angularaxis: { gridcolor: theme.grid, linecolor: theme.grid, direction: "clockwise", rotation: 90 },
      },
      legend: { orientation: "v", x: 1.05, xanchor: "left", y: 1, yanchor: "top" },
      // Angular labels are not covered by automargin.
      margin: { ...(layout.margin as object), l: 100, r: 40 },
    },
  };
}
