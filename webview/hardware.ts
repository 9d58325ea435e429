// Overview's "Latency and hardware per model" table: the metrics CSV's appended columns, one row per model.
import type { PanelMetricsRow } from "../src/shared/protocol";
import { DASH, el, fixed, isNum } from "./dom";

interface HardwareColumn {
  label: string;
  title: string;
  /** The cell text; DASH when not measured. */
  text: (row: PanelMetricsRow) => string;
}

const num = (key: keyof PanelMetricsRow, digits: number) => (r: PanelMetricsRow) => fixed(digits)(r[key] as number | null | undefined);
const text = (key: "gpu_names" | "gpu_layers") => (r: PanelMetricsRow) => r[key] || DASH;

/** GB (10^9 bytes) as GB, MB or kB, so a small file does not read as 0.00 GB. */
export function formatSize(gb: number | null | undefined): string {
  if (!isNum(gb)) return DASH;
  if (gb >= 1) return `${gb.toFixed(2)} GB`;
  if (gb >= 1e-3) return `${(gb * 1e3).toFixed(1)} MB`;
  return `${(gb * 1e6).toFixed(0)} kB`;
}

const COLUMNS: HardwareColumn[] = [
  { label: "Latency p50 (s)", title: "Median seconds per row (nearest rank)", text: num("latency_p50_s", 2) },
  { label: "Latency p95 (s)", title: "95th-percentile seconds per row (nearest rank)", text: num("latency_p95_s", 2) },
  { label: "TTFT p50 (s)", title: "Median time to first token per row", text: num("ttft_p50_s", 3) },
  { label: "TTFT p95 (s)", title: "95th-percentile time to first token per row", text: num("ttft_p95_s", 3) },
  { label: "File size", title: "Size of the model's GGUF file(s) on disk", text: (r) => formatSize(r.model_file_gb) },
  { label: "GPU", title: "GPU device(s) used", text: text("gpu_names") },
  { label: "GPU layers", title: "Layers offloaded to the GPU, of the model's total", text: text("gpu_layers") },
  { label: "VRAM peak (GB)", title: "Peak VRAM in use on the device while the model ran (other processes included)", text: num("vram_peak_gb", 2) },
  { label: "RAM peak (GB)", title: "Peak resident memory of the process that ran the model (Node / the extension host included)", text: num("ram_peak_gb", 2) },
  { label: "Energy (Wh)", title: "GPU energy over the model's inference (nvidia-smi)", text: num("energy_wh", 3) },
  { label: "Power avg (W)", title: "Average GPU power over the model's inference (nvidia-smi)", text: num("power_avg_w", 0) },
  { label: "Power peak (W)", title: "Highest GPU power reading (nvidia-smi)", text: num("power_peak_w", 0) },
];

/** One row per model (the metrics repeat these figures on each field); every cell is set as text. */
export function renderHardware(metrics: readonly PanelMetricsRow[]): HTMLElement {
  const perModel = new Map<string, PanelMetricsRow>();
  for (const row of metrics) if (!perModel.has(row.model)) perModel.set(row.model, row);
  const table = el("table", { className: "metrics perf", testId: "hardware-table" });
  const headRow = el("tr", {}, el("th", { text: "Model" }));
  for (const c of COLUMNS) headRow.append(el("th", { text: c.label, title: c.title }));
  table.append(el("thead", {}, headRow));
  const body = el("tbody");
  for (const row of perModel.values()) {
    const tr = el("tr", { testId: "hardware-row" }, el("td", { className: "name", text: row.model }));
    tr.dataset.model = row.model;
    for (const c of COLUMNS) {
      const value = c.text(row);
      tr.append(el("td", { text: value, className: value === DASH ? "num empty" : "num" }));
    }
    body.append(tr);
  }
  table.append(body);
  return table;
}

/** Whether any model has a hardware figure (otherwise the table is left out: e.g. a metrics file from before). */
export function hasHardware(metrics: readonly PanelMetricsRow[]): boolean {
  return metrics.some((r) => isNum(r.latency_p50_s) || isNum(r.ram_peak_gb) || isNum(r.model_file_gb) || Boolean(r.gpu_layers));
}

export const HARDWARE_NOTE =
  "— = not measured (the Prompt Bench log says why). Latency and TTFT cover every row run; memory, power and energy " +
  "the model's last inference window. RAM is the whole process's resident memory (Node or the extension host " +
  "included); VRAM is the GPU's memory in use (other processes included); power and energy need nvidia-smi.";
