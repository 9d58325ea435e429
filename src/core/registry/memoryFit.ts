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
    reason: `${need}, only ${(free.vram / GB).toFixed(1)} GB VRAM and ${(free.ram / GB).toFixed(1)} GB RAM free: does not fit`,
  };
}
