import type { Engine } from "../engine/engine";
import type { SamplingSettings } from "../engine/sampling";
import type { PowerSamplerOptions } from "../hardware/powerTypes";
import type { ScoreOptions } from "../metrics/scoreOptions";
import type { ModelSpec } from "../registry/modelSpec";
import type { RunEventListener } from "./events";

export interface RunOptions {
  promptFile: string;
  csvFile: string;
  /** Results CSV: the input plus `pred_<model>_<field>`, `raw_<model>` and `raw_<model>__*` columns. */
  outputFile: string;
  metricsFile: string;
  models: ModelSpec[];
  /** Needed unless skipInference. */
  engine?: Engine;
  maxNewTokens: number;
  /** Cap on reasoning tokens per row for thinking models; undefined = no separate cap. */
  maxReasoningTokens?: number;
  /** Constrain decoding to the target fields' JSON schema (off by default: format-following is measured). */
  constrained: boolean;
  /** Temperature, top-p, top-k and seed for every model; undefined = greedy. */
  sampling?: SamplingSettings;
  /** Typed-fields schema file (`--schema`); default: `<prompt name>.schema.json` beside the prompt when it exists. */
  schemaFile?: string;
  skipInference?: boolean;
  /** Target columns chosen by the user (`--targets`); absent: recorded in the meta file, else auto-detected. */
  targets?: readonly string[];
  /** Where `targets` came from, for its error messages (default "--targets"). */
  targetsFrom?: string;
  skipMetrics?: boolean;
  /** Metric options (tokenizers, stemming); default: the reference tools' defaults. */
  scoreOptions?: ScoreOptions;
  /** Local ONNX BERT folder for BERTScore; without it `bertscore_f1` stays empty (and a note says why). */
  bertScoreModel?: string;
  /** Neutralise model cells a spreadsheet would run as formulas (CSV injection; default true). */
  escapeFormulas?: boolean;
  /** false: no bootstrap intervals and no rank (the metrics CSV leaves out `_ci_low/_ci_high` and `rank`); default true. */
  confidenceIntervals?: boolean;
  /** Save the results file after this many newly finished rows (and always at the end of each model). */
  saveEveryRows?: number;
  signal?: AbortSignal;
  onEvent?: RunEventListener;
  /** Who runs it, for the results lock file (default: this process's command line); the extension says "vscode". */
  runBy?: string;
  /** GPU power sampling during inference (nvidia-smi, once a second by default); false turns it off. */
  power?: PowerSamplerOptions | false;
}

/** A row whose output failed schema validation (or generation), for diagnostics. */
export interface RowFailure {
  rowIndex: number;
  /** 1-based line in the input CSV where the row starts. */
  line: number;
  model: string;
  error: string;
}

/** The quality columns that get a bootstrap interval in the metrics CSV (csvColumns.ts QUALITY_COLUMNS). */
export type IntervalColumn = `${"rouge1" | "rouge2" | "rougeL" | "bleu" | "chrf" | "exact_match"}_ci_${"low" | "high"}`;

/**
 * One line of the metrics CSV (seed header order). Empty quality cells are `undefined`. The `<column>_ci_low` /
 * `_ci_high` cells hold the 95% bootstrap interval of each quality column (core/metrics/qualityIntervals.ts).
 */
export interface MetricsRow extends Partial<Record<IntervalColumn, number>> {
  model: string;
  field: string;
  n_total: number;
  n_valid: number;
  rouge1?: number;
  rouge2?: number;
  rougeL?: number;
  bleu?: number;
  chrf?: number;
  bertscore_f1?: number;
  exact_match?: number;
  runtime_s: number;
  tokens_in: number;
  tokens_out: number;
  tokens_per_sec: number;
  /** Appended after the seed's columns; empty (undefined) when not measured. Seconds of the model's last load. */
  load_s?: number;
  /** Nearest-rank percentiles of the per-row `raw_<model>__seconds` over all rows run. */
  latency_p50_s?: number;
  latency_p95_s?: number;
  /** GPU energy and power over the model's last inference window (nvidia-smi, all GPUs summed). */
  energy_wh?: number;
  power_avg_w?: number;
  power_peak_w?: number;
  /** Time to first token, nearest-rank percentiles of `raw_<model>__ttft_s`. */
  ttft_p50_s?: number;
  ttft_p95_s?: number;
  /** Sum of `raw_<model>__tokens_reasoning` (thinking models; part of tokens_out). */
  tokens_reasoning?: number;
  /** GGUF file size, GB (10^9 bytes). */
  model_file_gb?: number;
  /** GPU device names joined with "; ". */
  gpu_names?: string;
  /** Layers on the GPU as "33/33". */
  gpu_layers?: string;
  vram_peak_gb?: number;
  ram_peak_gb?: number;
  /** Why the model was not run (e.g. it does not fit the free memory); empty when it ran. */
  skipped?: string;
  /** Sum of `raw_<model>__retries` (endpoint models); empty for engines that never retry. */
  retries?: number;
  /** tokens_in/1000 · pricePer1kInput + tokens_out/1000 · pricePer1kOutput (entry prices, any currency); empty without a price. */
  cost?: number;
  /** Parameter count in billions (10^9), from the GGUF's tensor shapes; empty for endpoint models. */
  params_b?: number;
  /** The model's rank for this field by chrF++ among the run's models; models without a significant difference share a rank. */
  rank?: number;
  /** JSON-task metrics (typed fields, 0–100), only with a schema file: see src/core/metrics/json/. */
  schema_compliance?: number;
  field_accuracy?: number;
  type_correctness?: number;
  structural_consistency?: number;
  field_accuracy_model?: number;
  type_correctness_model?: number;
}

export interface RunSummary {
  outputFile: string;
  metricsFile?: string;
  metrics: MetricsRow[];
  failures: RowFailure[];
  cancelled: boolean;
  /** Why metrics columns are empty, for the CLI and the panel. */
  notes: string[];
  /** Seconds each model took to load, when known (from `<results>.meta.json`). */
  loadSeconds: Record<string, number>;
}
