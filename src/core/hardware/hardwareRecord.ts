import type { MemoryPeak, ModelLoadFacts } from "../engine/engine";

/** A model's hardware figures as kept in `<results>.meta.json` (bytes; undefined = not measured). */
export interface HardwareRecord {
  fileBytes?: number;
  /** Parameter count from the GGUF's tensor shapes. */
  paramCount?: number;
  gpuLayers?: number;
  totalLayers?: number;
  gpuNames?: string[];
  /** "cpu", "cuda", "vulkan", "metal" (see ModelLoadFacts). */
  backend?: string;
  /** The GGUF file that was loaded. */
  filePath?: string;
  vramPeakBytes?: number;
  ramPeakBytes?: number;
  /** Why a figure is missing, keyed by figure. */
  hardwareUnavailable?: Record<string, string>;
}

export const HARDWARE_KEYS = ["fileBytes", "paramCount", "gpuLayers", "totalLayers", "gpuNames", "backend", "filePath", "vramPeakBytes", "ramPeakBytes", "hardwareUnavailable"] as const;

/** The metrics column each figure fills, for messages people read next to the CSV. */
const COLUMN_OF: Record<string, string> = {
  fileBytes: "model_file_gb",
  paramCount: "params_b",
  gpuLayers: "gpu_layers",
  totalLayers: "gpu_layers",
  gpuNames: "gpu_names",
  vramPeakBytes: "vram_peak_gb",
  ramPeakBytes: "ram_peak_gb",
};

/** Merges what the engine measured at load and over the inference window; an engine that measures nothing says so. */
export function hardwareRecord(engineId: string, facts: ModelLoadFacts | undefined, peak: MemoryPeak | undefined): HardwareRecord {
  const notReported = `the ${engineId} engine does not report it`;
  const record: HardwareRecord = {
    fileBytes: facts?.fileBytes,
    paramCount: facts?.paramCount,
    gpuLayers: facts?.gpuLayers,
    totalLayers: facts?.totalLayers,
    gpuNames: facts?.gpuNames,
    backend: facts?.backend,
    filePath: facts?.filePath,
    vramPeakBytes: peak?.vramPeakBytes,
    ramPeakBytes: peak?.ramPeakBytes,
  };
  const unavailable: Record<string, string> = { ...facts?.unavailable, ...peak?.unavailable };
  const factKeys = ["fileBytes", "gpuLayers", "totalLayers"] as const;
  const peakKeys = ["vramPeakBytes", "ramPeakBytes"] as const;
  for (const key of factKeys) if (record[key] === undefined) unavailable[key] ??= facts ? "not measured" : notReported;
  for (const key of peakKeys) if (record[key] === undefined) unavailable[key] ??= peak ? "not measured" : notReported;
  // An empty list (the CPU) leaves the cell empty too, so it needs its reason.
  if (!record.gpuNames?.length) unavailable.gpuNames ??= facts ? "no GPU in use" : notReported;
  for (const key of Object.keys(record) as (keyof HardwareRecord)[]) if (record[key] === undefined) delete record[key];
  if (Object.keys(unavailable).length > 0) record.hardwareUnavailable = unavailable;
  return record;
}

/** One line naming the empty hardware columns and why, grouped by reason; undefined when everything was measured. */
export function describeUnavailable(model: string, unavailable: Record<string, string> | undefined): string | undefined {
  const byReason = new Map<string, Set<string>>();
  for (const [key, reason] of Object.entries(unavailable ?? {})) {
    const column = COLUMN_OF[key] ?? key;
    if (!byReason.has(reason)) byReason.set(reason, new Set());
    byReason.get(reason)!.add(column);
  }
  if (byReason.size === 0) return undefined;
  const parts = [...byReason].map(([reason, columns]) => `${[...columns].join(", ")}: ${reason}`);
  return `${model}: hardware figures left empty (${parts.join("; ")})`;
}

const GB = 1e9;

/** The metrics CSV's hardware columns from a model's record; undefined (an empty cell) for what was not measured. */
export function hardwareColumns(record: HardwareRecord): {
  model_file_gb?: number;
  gpu_names?: string;
  gpu_layers?: string;
  vram_peak_gb?: number;
  ram_peak_gb?: number;
} {
  return {
    model_file_gb: record.fileBytes === undefined ? undefined : record.fileBytes / GB,
    gpu_names: record.gpuNames?.length ? record.gpuNames.join("; ") : undefined,
    gpu_layers: record.gpuLayers !== undefined && record.totalLayers !== undefined ? `${record.gpuLayers}/${record.totalLayers}` : undefined,
    vram_peak_gb: record.vramPeakBytes === undefined ? undefined : record.vramPeakBytes / GB,
    ram_peak_gb: record.ramPeakBytes === undefined ? undefined : record.ramPeakBytes / GB,
  };
}
