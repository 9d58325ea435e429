// plotly.js, loaded as its own script (dist/webview/plotly.min.js) before the bundle, and the theme from VS Code's CSS.
import type { PlotTheme } from "../src/core/plots/theme";

export interface PlotlyApi {
  newPlot(div: HTMLElement, data: unknown[], layout: Record<string, unknown>, config: Record<string, unknown>): Promise<unknown>;
  purge(div: HTMLElement): void;
}

/** plotly.js, or undefined when its script did not load (it is a global of its own script). */
export function plotly(): PlotlyApi | undefined {
  return (globalThis as unknown as { Plotly?: PlotlyApi }).Plotly;
}

export function themeFromCss(): PlotTheme {
  const css = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const highContrast = document.body.classList.contains("vscode-high-contrast") || document.body.classList.contains("vscode-high-contrast-light");
  const dark = document.body.classList.contains("vscode-dark") || (highContrast && !document.body.classList.contains("vscode-high-contrast-light"));
  const colorway = dark
    ? ["#56B4E9", "#E69F00", "#009E73", "#F0E442", "#CC79A7", "#D55E00", "#0072B2", "#FFFFFF", "#BCBD22", "#17BECF", "#C49C94", "#7F7F7F"]
    : ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000", "#8C564B", "#7F7F7F", "#BCBD22", "#17BECF"];
  return {
    foreground: v("--vscode-foreground", dark ? "#cccccc" : "#1f2328"),
    background: v("--vscode-editor-background", dark ? "#1e1e1e" : "#ffffff"),
    grid: v(highContrast ? "--vscode-contrastBorder" : "--vscode-editorWidget-border", dark ? "#454545" : "#d8dee4"),
    font: v("--vscode-font-family", "system-ui, sans-serif"),
    colorway,
  };
}
