import type { MetricsRow } from "../runner/options";
import { perModel } from "./modelFigures";
import { isNum, normalised, presentMetrics, type QUALITY_METRICS, round, type QualityKey } from "./qualityMetrics";
import { baseLayout, plotText, type PlotTheme } from "./theme";
import type { PlotFigure } from "./types";

// The model-size view (the seeds' scaling study): score, latency, energy and memory against parameter count.
// Only models with a parameter count (local GGUFs) are drawn; x is logarithmic since sizes span orders of magnitude.

/** Metrics rows of the models that have a parameter count, smallest model first. */
export function sizedRows(metrics: readonly MetricsRow[]): MetricsRow[] {
  return metrics.filter((r) => isNum(r.params_b) && r.params_b > 0).sort((a, b) => a.params_b! - b.params_b!);
}

/** The score the scaling plot draws: chrF where any model has it, else the first quality metric with a value. */
export function scalingMetric(rows: MetricsRow[]): (typeof QUALITY_METRICS)[number] | undefined {
  const present = presentMetrics(rows);
  return present.find((m) => m.key === "chrf") ?? present[0];
}

/** Score (0–100) against parameters, one line per field. Undefined when no sized model has a score. */
export function scalingScoreFigure(metrics: readonly MetricsRow[], theme: PlotTheme): PlotFigure | undefined {
  const rows = sizedRows(metrics);
  const metric = scalingMetric(rows);
  if (!metric) return undefined;
  const fields = [...new Set(rows.map((r) => r.field))];
  const data = fields.map((field) => {
    const of = rows.filter((r) => r.field === field && normalised(r, metric.key as QualityKey) !== null);
    return trace(plotText(field), of, (r) => normalised(r, metric.key as QualityKey)!, `${metric.label} %{y:.1f}`);
  });
  return figure(theme, `${metric.label} against model size`, data, `${metric.label} (0–100)`);
}

type Measure = { key: keyof MetricsRow; label: string; digits: number };

/** One line per measure against parameters (per model); undefined when no sized model has any of them. */
export function scalingMeasureFigure(metrics: readonly MetricsRow[], theme: PlotTheme, title: string, measures: readonly Measure[], axis: string): PlotFigure | undefined {
  const models = sizedRows(perModel([...metrics]));
  const data = measures
    .map((m) => {
      const of = models.filter((r) => isNum(r[m.key]));
      return trace(m.label, of, (r) => round(r[m.key] as number, m.digits), `${m.label} %{y}`);
    })
    .filter((t) => (t.x as unknown[]).length > 0);
  return data.length === 0 ? undefined : figure(theme, title, data, axis);
}

export const LATENCY_MEASURES: readonly Measure[] = [
  { key: "latency_p50_s", label: "latency p50", digits: 3 },
  { key: "latency_p95_s", label: "latency p95", digits: 3 },
];
export const ENERGY_MEASURES: readonly Measure[] = [{ key: "energy_wh", label: "GPU energy", digits: 4 }];
export const MEMORY_MEASURES: readonly Measure[] = [
  { key: "vram_peak_gb", label: "VRAM peak", digits: 3 },
  { key: "ram_peak_gb", label: "RAM peak", digits: 3 },
];

function trace(name: string, rows: MetricsRow[], y: (r: MetricsRow) => number, hover: string): Record<string, unknown> {
  return {
    type: "scatter",
    mode: "lines+markers",
    name,
    x: rows.map((r) => r.params_b),
    y: rows.map(y),
    text: rows.map((r) => plotText(r.model)),
    hovertemplate: `%{text}<br>%{x:.3g} B parameters<br>${hover}<extra></extra>`,
  };
}

function figure(theme: PlotTheme, title: string, data: Array<Record<string, unknown>>, yTitle: string): PlotFigure {
  const layout = baseLayout(theme, title);
  return {
    data,
    layout: {
      ...layout,
      xaxis: { ...(layout.xaxis as object), type: "log", title: { text: "parameters, billions (log scale)" } },
      yaxis: { ...(layout.yaxis as object), rangemode: "tozero", title: { text: yTitle } },
    },
  };
}
