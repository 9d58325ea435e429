/** A plotly figure as plain JSON (no plotly import in core): what `Plotly.newPlot(div, data, layout)` takes. */
export interface PlotFigure {
  data: Array<Record<string, unknown>>;
  layout: Record<string, unknown>;
}

/** One plot with the seed's PNG file name (`quality_city.png`) and a readable title. */
export interface NamedFigure {
  /** File name including `.png`. */
  name: string;
  title: string;
  /** Metrics field the plot is about; undefined for the per-model performance plots. */
  field?: string;
  figure: PlotFigure;
  /** Suggested size in CSS pixels (grows with the number of models). */
  width: number;
  height: number;
}
