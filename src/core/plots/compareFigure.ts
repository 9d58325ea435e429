import { baseLayout, plotText, type PlotTheme } from "./theme";
import type { PlotFigure } from "./types";

/** One metric's delta of a comparison (MetricComparison, or the panel's copy with nullable numbers). */
export interface DeltaPoint {
  model: string;
  field: string;
  metric: string;
  delta: number | null;
  deltaLow: number | null;
  deltaHigh: number | null;
  p: number | null;
  significant: boolean;
  lowerIsBetter: boolean;
}

const finite = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * Metrics on a 0–1 scale (rouge-score, jiwer, BERTScore; the registry's `scale`, which a unit test checks this
 * against): the chart puts them ×100 beside the 0–100 ones. Named here so the webview need not bundle the metrics.
 */
const ZERO_TO_ONE: ReadonlySet<string> = new Set(["rouge1", "rouge2", "rougeL", "rougeLsum", "wer", "cer", "mer", "wil", "bertscore_f1"]);

export function metricScale(metric: string): "0-1" | "0-100" {
  return ZERO_TO_ONE.has(metric) ? "0-1" : "0-100";
}

/** The label of a delta on the chart's category axis. */
export function deltaLabel(d: Pick<DeltaPoint, "model" | "field" | "metric">): string {
  return `${d.model} · ${d.field} · ${d.metric}`;
}

/**
 * B − A per model × field × metric as dots with their 95% CI as error bars (0–1 metrics × 100), significant ones in their own trace
 * (coloured by better / worse), and the zero line. Deltas without a number (a metric one side lacks) are left out.
 */
export function deltaFigure(deltas: readonly DeltaPoint[], theme: PlotTheme): { figure: PlotFigure; height: number } | undefined {
  const shown = deltas.filter((d) => finite(d.delta));
  if (shown.length === 0) return undefined;
  const better = (d: DeltaPoint) => (d.lowerIsBetter ? d.delta! < 0 : d.delta! > 0);
  const k = (d: DeltaPoint) => (metricScale(d.metric) === "0-1" ? 100 : 1);
  const groups = [
    { name: "significantly better", color: "#009E73", pick: (d: DeltaPoint) => d.significant && better(d) },
    { name: "significantly worse", color: "#D55E00", pick: (d: DeltaPoint) => d.significant && !better(d) },
    { name: "not significant", color: theme.grid === theme.foreground ? theme.foreground : "#7F7F7F", pick: (d: DeltaPoint) => !d.significant },
  ];
  const data = groups
    .map((g) => {
      const points = shown.filter(g.pick);
      return {
        type: "scatter",
        mode: "markers",
        name: g.name,
        y: points.map((d) => plotText(deltaLabel(d))),
        x: points.map((d) => d.delta! * k(d)),
        error_x: {
          type: "data",
          symmetric: false,
          array: points.map((d) => (finite(d.deltaHigh) ? Math.max(0, d.deltaHigh - d.delta!) * k(d) : 0)),
          arrayminus: points.map((d) => (finite(d.deltaLow) ? Math.max(0, d.delta! - d.deltaLow) * k(d) : 0)),
          color: g.color,
          thickness: 1.5,
          width: 4,
        },
        marker: { color: g.color, size: 8 },
        text: points.map((d) => `Δ ${d.delta!.toPrecision(3)} [${finite(d.deltaLow) ? d.deltaLow.toPrecision(3) : "?"}, ${finite(d.deltaHigh) ? d.deltaHigh.toPrecision(3) : "?"}]${finite(d.p) ? `, p = ${d.p < 0.001 ? "< 0.001" : d.p.toFixed(3)}` : ""}`),
        hovertemplate: "%{y}<br>%{text}<extra></extra>",
      };
    })
    .filter((t) => t.x.length > 0);
  const layout = baseLayout(theme, "B − A with 95% confidence intervals (paired bootstrap)");
  const height = Math.max(220, 120 + shown.length * 26);
  return {
    height,
    figure: {
      data,
      layout: {
        ...layout,
        // The legend sits above the plot only when there are groups to tell apart.
        margin: { ...(layout.margin as object), t: data.length > 1 ? 96 : 56 },
        showlegend: data.length > 1,
        xaxis: { ...(layout.xaxis as object), zeroline: true, zerolinecolor: theme.foreground, zerolinewidth: 1, title: { text: "difference, B − A (points on 0–100; ROUGE, error rates and BERTScore × 100)" } },
        yaxis: { ...(layout.yaxis as object), type: "category", autorange: "reversed", categoryorder: "array", categoryarray: shown.map((d) => plotText(deltaLabel(d))) },
      },
    },
  };
}
