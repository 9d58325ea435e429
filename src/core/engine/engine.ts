import type { ModelSpec } from "../registry/modelSpec";
import type { SamplingSettings } from "./sampling";

/** One generation request: a fully rendered user prompt. */
export interface GenerateRequest {
  prompt: string;
  maxNewTokens: number;
  /** JSON schema to constrain decoding to (grammar); undefined = free generation. */
  jsonSchema?: Record<string, unknown>;
  /** Cap on reasoning (<think>) tokens for thinking models; undefined = only maxNewTokens limits them. */
  maxReasoningTokens?: number;
  /** Temperature, top-p, top-k, seed; undefined (or unset keys) = greedy with the engine's fixed seed. */
  sampling?: SamplingSettings;
  signal?: AbortSignal;
}

export interface GenerateResult {
  text: string;
  tokensIn: number;
  tokensOut: number;
  /** Of tokensOut, how many were reasoning (inside <think>…</think>); 0 for models that do not reason. */
  reasoningTokens?: number;
  /** Seconds from the start of the request to the first generated token; undefined when nothing was generated. */
  ttftSeconds?: number;
  /** Wall time of this generation, seconds. */
  seconds: number;
  /** Requests retried before this result (remote engines); undefined where the engine never retries. */
  retries?: number;
}

/** Hardware facts of a loaded model; a figure that cannot be measured is undefined and its reason in `unavailable`. */
export interface ModelLoadFacts {
  /** Size of the GGUF file(s) on disk, bytes. */
  fileBytes?: number;
  /** Parameters (weights) of the model: the GGUF tensors' element counts summed. */
  paramCount?: number;
  /** Layers offloaded to the GPU, and the model's layer count (llama.cpp counts the output layer too). */
  gpuLayers?: number;
  totalLayers?: number;
  /** Names of the GPU devices in use; empty on the CPU. */
  gpuNames?: string[];
  /** The compute backend: "cpu", or llama.cpp's GPU backend ("cuda", "vulkan", "metal"). */
  backend?: string;
  /** The GGUF file loaded (an `hf:` model's resolved path), for the run history's file hash. */
  filePath?: string;
  /** Why a figure is missing, keyed by its name (e.g. { vramPeakBytes: "no GPU" }). */
  unavailable?: Record<string, string>;
}

/** Memory use sampled while a model runs, bytes. */
export interface MemoryPeak {
  vramPeakBytes?: number;
  ramPeakBytes?: number;
  unavailable?: Record<string, string>;
}

/** Download progress of a model file, for a progress bar. */
export interface DownloadProgress {
  uri: string;
  /** Where the file is being written. */
  path?: string;
  downloadedBytes: number;
  /** 0 when the server did not say. */
  totalBytes: number;
  bytesPerSecond: number;
}

/** Whether a model fits this machine's free memory for the run's context, and how. */
export interface FitReport {
  fits: boolean;
  /** Layers that would go on the GPU, of totalLayers. */
  gpuLayers?: number;
  totalLayers?: number;
  needVramBytes?: number;
  needRamBytes?: number;
  freeVramBytes?: number;
  freeRamBytes?: number;
  /** One line for people: "needs ~44 GB, 24 GB free: would run 40/80 layers on GPU, slow". */
  reason: string;
}

export interface LoadedModel {
  readonly spec: ModelSpec;
  /** Seconds spent loading weights and creating the context. */
  readonly loadSeconds: number;
  /** Hardware facts measured at load (engines that cannot tell leave it undefined). */
  readonly facts?: ModelLoadFacts;
  /** Peak VRAM/RAM since load or the last call, when the engine can measure it. */
  memoryPeak?(): MemoryPeak;
  /** How many generate() calls the runner may keep in flight; undefined = 1 (one row at a time). */
  readonly parallelism?: number;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  dispose(): Promise<void>;
}

export interface EngineLoadOptions {
  signal?: AbortSignal;
  /** Called while a missing model file downloads. */
  onDownload?: (progress: DownloadProgress) => void;
  /** What the run will ask, so the engine can size its context and choose how many rows run at once. */
  workload?: LoadWorkload;
}

export interface LoadWorkload {
  /** Rows still to run. */
  rows: number;
  /** The longest rendered prompts of those rows (by characters; a few, not all). */
  longestPrompts: readonly string[];
  /** Text every prompt starts with (the template before {source}); engines may keep its evaluation between rows. */
  promptPrefix?: string;
  maxNewTokens: number;
}

/** An inference back end. One model is loaded at a time; the caller disposes it before loading the next. */
export interface Engine {
  readonly id: string;
  /**
   * Loads a model. Throws ModelDoesNotFitError (src/core/errors) when it cannot fit the free memory, so the runner
   * can skip it and go on with the next model.
   */
  load(spec: ModelSpec, options?: EngineLoadOptions): Promise<LoadedModel>;
  /** Estimates whether a model fits before loading it; undefined when the engine cannot tell (e.g. a remote API). */
  checkFit?(spec: ModelSpec, options?: { signal?: AbortSignal }): Promise<FitReport | undefined>;
  dispose(): Promise<void>;
}
