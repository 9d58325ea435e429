import type { MetricsRow } from "../runner/options";
import { heatmapFigure, qualityFigure, radarFigure, validationFigure } from "./fieldFigures";
import { perModel, runtimeFigure, throughputFigure, tokensFigure } from "./modelFigures";
import { presentMetrics } from "./qualityMetrics";
import { ENERGY_MEASURES, LATENCY_MEASURES, MEMORY_MEASURES, scalingMeasureFigure, scalingScoreFigure } from "./scalingFigures";
import { LIGHT_THEME, type PlotTheme } from "./theme";
import type { NamedFigure, PlotFigure } from "./types";

/**
 * The seed's seven plots as plotly figures: per field `quality_`, `heatmap_`, `validation_rate_`, `radar_`, then
 * `runtime`, `tokens`, `throughput`; then the model-size view against parameter count (`scaling_score`,
 * `scaling_latency`, `scaling_energy`, `scaling_memory`). A figure with nothing to show is left out.
 */
export function buildFigures(metrics: MetricsRow[], theme: PlotTheme = LIGHT_THEME): NamedFigure[] {
  const out: NamedFigure[] = [];
  const fileNames = fieldFileNames(fieldsOf(metrics));
  for (const [field, fileName] of fileNames) {
    const rows = metrics.filter((r) => r.field === field);
    const wide = barWidth(rows.length);
    const tall = rowHeight(rows.length);
    const nMetrics = presentMetrics(rows).length;
    push(out, `quality_${fileName}.png`, `Quality — ${field}`, field, qualityFigure(field, rows, theme), Math.max(wide, 160 + rows.length * nMetrics * 14), 500);
    push(out, `heatmap_${fileName}.png`, `Metrics heatmap — ${field}`, field, heatmapFigure(field, rows, theme), Math.max(640, 260 + 110 * nMetrics), tall);
    push(out, `validation_rate_${fileName}.png`, `Validation rate — ${field}`, field, validationFigure(field, rows, theme), wide, 460);
    push(out, `radar_${fileName}.png`, `Normalised metrics — ${field}`, field, radarFigure(field, rows, theme), 820, 560);
  }
  const models = perModel(metrics);
  if (models.length > 0) {
    push(out, "runtime.png", "Runtime per model", undefined, runtimeFigure(models, theme), 820, rowHeight(models.length));
    push(out, "tokens.png", "Tokens per model", undefined, tokensFigure(models, theme), barWidth(models.length), 500);
    push(out, "throughput.png", "Throughput per model", undefined, throughputFigure(models, theme), barWidth(models.length), 460);
    push(out, "scaling_score.png", "Score against model size", undefined, scalingScoreFigure(metrics, theme), 820, 500);
    push(out, "scaling_latency.png", "Latency against model size", undefined, scalingMeasureFigure(metrics, theme, "Latency against model size", LATENCY_MEASURES, "seconds per row"), 820, 460);
    push(out, "scaling_energy.png", "Energy against model size", undefined, scalingMeasureFigure(metrics, theme, "GPU energy against model size", ENERGY_MEASURES, "Wh over the run"), 820, 460);
    push(out, "scaling_memory.png", "Memory against model size", undefined, scalingMeasureFigure(metrics, theme, "Peak memory against model size", MEMORY_MEASURES, "GB"), 820, 460);
  }
  return out;
}

/** The PNG file names `buildFigures` produces for these metrics, in the same order. */
export function plotNames(metrics: MetricsRow[]): string[] {
  return buildFigures(metrics).map((f) => f.name);
}

function push(out: NamedFigure[], name: string, title: string, field: string | undefined, figure: PlotFigure | undefined, width: number, height: number): void {
  if (figure) out.push({ name, title, field, figure, width, height });
}

function fieldsOf(metrics: MetricsRow[]): string[] {
  return [...new Set(metrics.map((r) => r.field))];
}

/** Field names come from the CSV header: keep file names safe (no `/`, `..`) and distinct. */
function fieldFileNames(fields: string[]): Map<string, string> {
  const used = new Set<string>();
  const names = new Map<string, string>();
  for (const field of fields) {
    const base = field.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_") || "_";
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    names.set(field, name);
  }
  return names;
}

const barWidth = (models: number): number => Math.max(720, 200 + 70 * models);
const rowHeight = (models: number): number => Math.max(360, 180 + 36 * models);
