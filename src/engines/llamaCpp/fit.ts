import type { FitReport } from "../../core/engine/engine";
import { ModelDoesNotFitError } from "../../core/errors/modelDoesNotFitError";
import { describeFit, type FitFigures } from "../../core/registry/memoryFit";
import { loadNodeLlamaCpp, type Llama, type NLC } from "./nodeLlamaCpp";

export interface FitCheckOptions {
  /** The run's context size; default: the model's training context, at most maxContextSize. */
  contextSize?: number;
  maxContextSize: number;
  signal?: AbortSignal;
  /** The file's GGUF info when the caller has read it already. */
  info?: Awaited<ReturnType<NLC["readGgufFileInfo"]>>;
}

interface MemoryState {
  total: number;
  free: number;
  unifiedSize: number;
}

/**
 * Whether a GGUF file fits this machine's free memory at the run's context size, from node-llama-cpp's own
 * estimator (GGUF insights: weights per layer, KV cache, compute buffers) — the figures its "auto" GPU-layer and
 * context-size resolution use at load. Free memory respects the Llama's caps (setVramCap / setRamCap) and padding.
 */
export async function checkModelFit(llama: Llama, modelPath: string, options: FitCheckOptions): Promise<FitReport> {
  const nlc = await loadNodeLlamaCpp();
  const info = options.info ?? (await nlc.readGgufFileInfo(modelPath, { logWarnings: false, signal: options.signal }));
  const insights = await nlc.GgufInsights.from(info, llama);
  const contextSize = options.contextSize ?? Math.min(options.maxContextSize, insights.trainContextSize ?? options.maxContextSize);
  const [vram, ram] = await Promise.all([vramState(llama), ramState(llama)]);
  const hardware = { getVramState: async () => vram, getRamState: async () => ram };
  const resolver = insights.configurationResolver;
  let resolved = (await resolver.resolveAndScoreConfig({ targetContextSize: contextSize }, hardware)).resolvedValues;
  const figures = (values: typeof resolved): FitFigures => ({
    totalLayers: insights.totalLayers,
    gpuLayers: values.gpuLayers,
    needVramBytes: values.totalVramUsage,
    needRamBytes: values.totalRamUsage,
    freeVramBytes: vram.free,
    freeRamBytes: ram.free,
    hasGpu: llama.gpu !== false,
    vramCapped: llama.getVramCap() !== null,
    ramCapped: llama.getRamCap() !== null,
  });
  let report = describeFit(figures(resolved));
  if (!report.fits && llama.gpu !== false && resolved.gpuLayers > 0) {
    // Too big for the GPU even in part: node-llama-cpp would then run it from RAM alone.
    resolved = (await resolver.resolveAndScoreConfig({ targetContextSize: contextSize, targetGpuLayers: 0 }, hardware)).resolvedValues;
    const cpu = describeFit(figures(resolved));
    if (cpu.fits) report = cpu;
  }
  return report;
}

/** Free VRAM as node-llama-cpp's loader sees it: minus its padding, within the cap. */
async function vramState(llama: Llama): Promise<MemoryState> {
  if (llama.gpu === false) return { total: 0, free: 0, unifiedSize: 0 };
  const state = await llama.getVramState();
  return capped(state, llama.vramPaddingSize, llama.getVramCap());
}

async function ramState(llama: Llama): Promise<MemoryState> {
  const state = await llama.getRamState();
  return capped({ ...state, unifiedSize: 0 }, llama.ramPaddingSize, llama.getRamCap());
}

function capped(state: MemoryState, padding: number, cap: number | null): MemoryState {
  const free = Math.max(0, state.free - padding);
  if (cap === null) return { total: state.total, free, unifiedSize: state.unifiedSize };
  return { total: Math.min(state.total, cap), free: Math.min(free, cap), unifiedSize: Math.min(state.unifiedSize, cap) };
}

/** node-llama-cpp's own out-of-memory failures at load or context creation. */
export function isOutOfMemory(error: unknown, nlc: { InsufficientMemoryError: abstract new (...args: never[]) => Error }): error is Error {
  if (error instanceof nlc.InsufficientMemoryError) return true;
  return error instanceof Error && /not enough memory|insufficient memory|out of memory|too large for the available (V?RAM)/i.test(error.message);
}

/** Free VRAM and RAM for the file-size estimate, as the precise check counts them. */
export async function freeMemory(llama: Llama): Promise<{ vram: number; ram: number }> {
  const [vram, ram] = await Promise.all([vramState(llama), ramState(llama)]);
  return { vram: vram.free, ram: ram.free };
}

/** node-llama-cpp's own out-of-memory error at load, as the error the runner skips a model on; others unchanged. */
export function asFitError(model: string, error: unknown, nlc: { InsufficientMemoryError: abstract new (...args: never[]) => Error }): unknown {
  if (!isOutOfMemory(error, nlc)) return error;
  return new ModelDoesNotFitError(model, { fits: false, reason: `does not fit: node-llama-cpp ran out of memory loading it (${error.message})` });
}
