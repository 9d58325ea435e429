/** Colours and font of the plots; the webview passes VS Code's CSS variable values, the CLI uses the light default. */
export interface PlotTheme {
  foreground: string;
  background: string;
  grid: string;
  /** CSS font-family list. */
  font: string;
  colorway: string[];
}

export const LIGHT_THEME: PlotTheme = {
  foreground: "#1f2328",
  background: "#ffffff",
  grid: "#d8dee4",
  font: "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
  // Okabe–Ito plus a few distinct extras: colour-blind safe for the first 8 models.
  colorway: ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000", "#8C564B", "#7F7F7F", "#BCBD22", "#17BECF"],
};

/** Layout shared by every figure: theme colours, title, margins that grow to fit long labels. */
export function baseLayout(theme: PlotTheme, title: string): Record<string, unknown> {
  const axis = { gridcolor: theme.grid, zerolinecolor: theme.grid, linecolor: theme.grid, automargin: true };
  return {
    title: { text: title, x: 0.02, xanchor: "left", yref: "container", y: 1, yanchor: "top", pad: { t: 14 } },
    paper_bgcolor: theme.background,
    plot_bgcolor: theme.background,
    font: { family: theme.font, color: theme.foreground, size: 12 },
    colorway: theme.colorway,
    margin: { t: 96, r: 24, b: 48, l: 56 },
    // Above the plot: below it, the legend would collide with slanted model names.
    legend: { orientation: "h", x: 0, xanchor: "left", y: 1.02, yanchor: "bottom" },
    xaxis: { ...axis },
    yaxis: { ...axis },
  };
}

/** Plotly parses `<br>`, `<a href>` etc. in text; entities are shown literally, so untrusted names stay text. */
export function plotText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Tick angle for a category axis of model names: flat when they fit, slanted when many or long. */
export function tickAngle(labels: string[]): number {
  const longest = Math.max(0, ...labels.map((l) => l.length));
  return labels.length * Math.max(longest, 4) > 90 ? -35 : 0;
}
