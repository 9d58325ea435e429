import type { MetricsRow } from "../runner/options";

/** How a recorded run ended. A cancelled or failed run holds the rows that had finished by then. */
export type RunStatus = "completed" | "cancelled" | "failed";

/**
 * One benchmark run as the history keeps it: enough to list it, compare it with another run after its results CSV
 * was overwritten (the rows themselves, with the references), and repeat it (prompt text, parameters, model hashes).
 */
export interface RunRecord {
  /** Sortable: `20261206T191500123Z-1a2b3c` (start time, UTC, then random hex). */
  id: string;
  /** ISO 8601. */
  startedAt: string;
  endedAt: string;
  status: RunStatus;
  /** Why a failed run failed. */
  error?: string;
  /** The id of the run this one repeats (`prompt-bench rerun`); schema version 3. */
  rerunOf?: string;
  prompt: { file?: string; text: string; sha256: string };
  dataset: { file: string; sha256: string; rows: number };
  resultsFile: string;
  metricsFile?: string;
  /** Target fields, in column order. */
  fields: string[];
  params: RunParams;
  versions: RunVersions;
  models: ModelRecord[];
  /** The metrics CSV's rows (model × field). */
  metrics: MetricsRow[];
  /** The dataset's rows: what each prediction is scored against. */
  references: ReferenceRow[];
  /** Each finished (model, row). */
  rows: PredictionRow[];
}

/** Run-wide decoding and run parameters (undefined = not set, the engine's default). */
export interface RunParams {
  maxNewTokens: number;
  maxReasoningTokens?: number;
  constrained: boolean;
  /** 0 = greedy (the default); the sampler seed (round 1's with --repeat). */
  temperature: number;
  seed?: number;
  topP?: number;
  topK?: number;
  /** --repeat N (rounds) and --ensemble strategy; undefined = one round, no ensemble. */
  repeat?: number;
  ensemble?: string;
  threads?: number;
  parallel?: number;
  gpu?: "auto" | false;
  gpuDevices?: string;
  vramCapBytes?: number;
  ramCapBytes?: number;
  skipInference?: boolean;
  skipMetrics?: boolean;
  escapeFormulas?: boolean;
  /** false: run with --no-ci (no intervals or rank in the metrics); undefined = on. */
  confidenceIntervals?: boolean;
  rougeTokenizer?: string;
  bertScoreModel?: string;
  /** "cli" or "vscode". */
  runBy: string;
  /** The CLI's arguments, for people. */
  command?: string;
}

export interface RunVersions {
  promptBench?: string;
  nodeLlamaCpp?: string;
  /** The llama.cpp release tag node-llama-cpp's binaries name (its llama/llama.cpp.info.json). */
  llamaCpp?: string;
  node: string;
  platform: string;
  arch: string;
}

export interface ModelRecord {
  name: string;
  kind: "file" | "uri" | "endpoint";
  /** Local GGUF path (kind "file"). */
  file?: string;
  /** SHA-256 of the GGUF (kind "file", and "uri" once resolved), to tell whether a rerun would use the same weights. */
  fileSha256?: string;
  uri?: string;
  endpoint?: string;
  /** The server's model name (kind "endpoint"). */
  endpointModel?: string;
  lora?: { path: string; scale?: number; sha256?: string }[];
  /**
   * What `<results>.meta.json` recorded for the model: prompt hash, settings, load time, hardware (GPU names,
   * layers, memory peaks), power, skip reason. Kept as the runner wrote it.
   */
  info: Record<string, unknown>;
}

export interface ReferenceRow {
  /** 0-based data row. */
  row: number;
  /** 1-based CSV line the row starts on. */
  line: number;
  /** SHA-256 of the row's input cells (source and references): the same row in two runs has the same hash. */
  sha256: string;
  /** Field → expected value. */
  expected: Record<string, string>;
}

export interface PredictionRow {
  model: string;
  row: number;
  /** Field → predicted value. */
  predictions: Record<string, string>;
  raw: string;
  /** undefined: not recorded (an older results file). */
  valid?: boolean;
  error?: string;
  tokensIn?: number;
  tokensOut?: number;
  seconds?: number;
  ttftS?: number;
  tokensReasoning?: number;
  retries?: number;
}
