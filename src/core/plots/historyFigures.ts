import { baseLayout, plotText, type PlotTheme } from "./theme";
import type { NamedFigure } from "./types";

/** What the history figures need of a run (a RunListing, or the panel's copy of one). */
export interface HistoryPoint {
  id: string;
  startedAt: string;
  models: { model: string; chrf?: number | null; exactMatch?: number | null; validRate?: number | null }[];
}

// Each model's means over its fields (the history's headline figures).
const METRICS = [
  { name: "history_chrf.png", title: "chrF++ over time", axis: "chrF++ (0–100)", value: (m: HistoryPoint["models"][number]) => m.chrf },
  { name: "history_exact_match.png", title: "Exact match over time", axis: "exact match (0–100)", value: (m: HistoryPoint["models"][number]) => m.exactMatch },
  { name: "history_valid.png", title: "Valid rows over time", axis: "valid rows (%)", value: (m: HistoryPoint["models"][number]) => (typeof m.validRate === "number" ? m.validRate * 100 : m.validRate) },
] as const;

const finite = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * Each headline metric over the runs (oldest to newest), one line per model: small plots for the History tab. A
 * metric no run has is left out. Points sit at the runs' start times; the hover names the run.
 */
export function historyFigures(runs: readonly HistoryPoint[], theme: PlotTheme): NamedFigure[] {
  const chronological = [...runs].sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
  const models = [...new Set(chronological.flatMap((r) => r.models.map((m) => m.model)))];
  const out: NamedFigure[] = [];
  for (const metric of METRICS) {
    const data = models
      .map((model) => {
        const points = chronological.flatMap((run) => {
          const m = run.models.find((x) => x.model === model);
          const v = m ? metric.value(m) : undefined;
          return m && finite(v) ? [{ x: run.startedAt, y: Math.round(v * 100) / 100, id: run.id }] : [];
        });
        return {
          type: "scatter",
          mode: "lines+markers",
          name: plotText(model),
          x: points.map((p) => p.x),
          y: points.map((p) => p.y),
          text: points.map((p) => plotText(p.id)),
          hovertemplate: `${plotText(model)}<br>%{y}<br>run %{text}<extra></extra>`,
        };
      })
      .filter((trace) => trace.y.length > 0);
    if (data.length === 0) continue;
    const layout = baseLayout(theme, metric.title);
    out.push({
      name: metric.name,
      title: metric.title,
      width: 460,
      height: 280,
      figure: {
        data,
        layout: {
          ...layout,
          margin: { t: 84, r: 16, b: 40, l: 60 },
          xaxis: { ...(layout.xaxis as object), type: "date" },
          yaxis: { ...(layout.yaxis as object), title: { text: metric.axis } },
        },
      },
    });
  }
  return out;
}
