import type { FitReport } from "../engine/engine";

export interface FreeMemory {
  /** Free GPU memory in bytes; 0 without a GPU. */
  vram: number;
  ram: number;
}

export interface FitEstimate {
  fits: boolean;
  /** Where the weights would go: all on the GPU, on the CPU (no or too little VRAM), or nowhere. */
  where: "gpu" | "cpu" | "none";
  needBytes: number;
  reason: string;
}

const GB = 1e9;

/**
 * A first estimate from the file size: weights plus ~20% for the context (KV cache at the run's context size) and
 * compute buffers. node-llama-cpp's GGUF insights give a precise figure once the file is present.
 */
export function estimateFit(fileBytes: number, free: FreeMemory): FitEstimate {
  const needBytes = Math.round(fileBytes * 1.2);
  const need = `needs ~${(needBytes / GB).toFixed(1)} GB`;
  if (free.vram >= needBytes) return { fits: true, where: "gpu", needBytes, reason: `${need}, ${(free.vram / GB).toFixed(1)} GB VRAM free: runs on the GPU` };
  if (free.ram >= needBytes) {
    const gpuNote = free.vram > 0 ? `only ${(free.vram / GB).toFixed(1)} GB VRAM free: partly or wholly on the CPU, slow` : "no GPU: runs on the CPU, slow";
    return { fits: true, where: "cpu", needBytes, reason: `${need}, ${gpuNote}` };
  }
  return {
    fits: false,
    where: "none",
    needBytes,
    reason: `${need}, ${free.vram > 0 ? `only ${(free.vram / GB).toFixed(1)} GB VRAM and ` : "no GPU and only "}${(free.ram / GB).toFixed(1)} GB RAM free: does not fit`,
  };
}

/** The file-size estimate as a FitReport, marked as an estimate (the file is not here to read its layers). */
export function estimateFitReport(fileBytes: number, free: FreeMemory): FitReport {
  const estimate = estimateFit(fileBytes, free);
  return {
    fits: estimate.fits,
    needRamBytes: estimate.where === "gpu" ? undefined : estimate.needBytes,
    needVramBytes: estimate.where === "gpu" ? estimate.needBytes : undefined,
    freeVramBytes: free.vram,
    freeRamBytes: free.ram,
    reason: `estimate from the file size: ${estimate.reason}`,
  };
}

/** node-llama-cpp's resolved configuration for a model at the run's context size, against free memory. */
export interface FitFigures {
  totalLayers: number;
  /** Layers node-llama-cpp would offload at this context size (0 without a GPU). */
  gpuLayers: number;
  /** Weights plus context (KV cache, compute buffers), bytes. */
  needVramBytes: number;
  needRamBytes: number;
  freeVramBytes: number;
  freeRamBytes: number;
  hasGpu: boolean;
  /** Whether a cap (LlamaCppEngineOptions vramCapBytes / ramCapBytes) limits the free figure. */
  vramCapped?: boolean;
  ramCapped?: boolean;
}

/** Decides whether the resolved configuration fits and words it for people (picker, log, metrics `skipped`). */
export function describeFit(f: FitFigures): FitReport {
  const report = {
    gpuLayers: f.gpuLayers,
    totalLayers: f.totalLayers,
    needVramBytes: f.needVramBytes,
    needRamBytes: f.needRamBytes,
    freeVramBytes: f.freeVramBytes,
    freeRamBytes: f.freeRamBytes,
  };
  const freeVram = `${formatBytes(f.freeVramBytes)}${f.vramCapped ? " (capped)" : ""}`;
  const freeRam = `${formatBytes(f.freeRamBytes)}${f.ramCapped ? " (capped)" : ""}`;
  const fits = f.needRamBytes <= f.freeRamBytes && f.needVramBytes <= f.freeVramBytes;
  if (!fits) {
    const reason =
      f.needVramBytes > 0
        ? `does not fit: needs ~${formatBytes(f.needVramBytes + f.needRamBytes)} (${formatBytes(f.needVramBytes)} VRAM + ` +
          `${formatBytes(f.needRamBytes)} RAM), ${freeVram} VRAM and ${freeRam} RAM free`
        : `does not fit: needs ~${formatBytes(f.needRamBytes)} RAM, ${freeRam} free${f.hasGpu ? ` (and ${freeVram} VRAM)` : ""}`;
    return { fits: false, ...report, reason };
  }
  if (f.hasGpu && f.gpuLayers >= f.totalLayers) {
    return { fits: true, ...report, reason: `fits on the GPU (${formatBytes(f.needVramBytes)} of ${freeVram} free)` };
  }
  if (f.gpuLayers > 0) {
    const need = formatBytes(f.needVramBytes + f.needRamBytes);
    return { fits: true, ...report, reason: `needs ~${need}, ${freeVram} free: would run ${f.gpuLayers}/${f.totalLayers} layers on GPU, slow` };
  }
  const gpuNote = f.hasGpu ? ` (${freeVram} VRAM free is too little), slow` : "";
  return { fits: true, ...report, reason: `CPU only: needs ${formatBytes(f.needRamBytes)} RAM, ${freeRam} free${gpuNote}` };
}

/** "5.1 GB" or, below 1 GB, "4.3 MB" (10^9 / 10^6 bytes, as in the model tables). */
export function formatBytes(bytes: number): string {
  return bytes >= GB ? `${(bytes / GB).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}
