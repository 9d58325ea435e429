import { number, oneOf, parseFlags, positiveInt } from "./flags";
import { UsageError } from "./usageError";
import { parseSamplingArgs, SAMPLING_FLAGS, type SamplingArgs } from "./samplingArgs";
import { parseTargetList } from "../core/fieldRoles";
import { parseGpuDevices } from "../engines/llamaCpp/gpuDevices";

export interface RunArgs extends SamplingArgs {
  prompt?: string;
  csv: string;
  output?: string;
  metrics?: string;
  /** --log FILE: a plain-text log of the run (its log lines and any failure's stack trace). */
  log?: string;
  model: string;
  modelsFile?: string;
  modelsDir?: string;
  maxNewTokens: number;
  maxReasoningTokens?: number;
  threads?: number;
  /** Rows decoded at once; undefined = auto. */
  parallel?: number;
  gpu: "auto" | false;
  /** GPU indexes ("0,1"); undefined = every GPU. */
  gpuDevices?: string;
  /** Most VRAM / RAM a model may use, bytes (from GB); models that need more are skipped. */
  vramCapBytes?: number;
  ramCapBytes?: number;
  constrained: boolean;
  /** --schema FILE: typed fields (default: `<prompt name>.schema.json` beside the prompt, when there is one). */
  schema?: string;
  skipInference: boolean;
  skipMetrics: boolean;
  /** --targets a,b: the target columns (default: auto-detected, minus the prompt's inputs). */
  targets?: string[];
  plotsDir?: string;
  download: boolean;
  rougeTokenizer: "default" | "unicode";
  bertScoreModel?: string;
  /** Neutralise model cells that start like a formula (off with --no-escape-formulas). */
  escapeFormulas: boolean;
  /** --history FILE: the run history database (default `.prompt-bench/history.sqlite` beside the results). */
  history?: string;
  /** --no-history: record nothing. */
  noHistory: boolean;
  /** --no-ci: no bootstrap intervals or rank in the metrics CSV. */
  confidenceIntervals: boolean;
  /** --min "exact_match>=80,...": gates on the run's metrics (exit 3 when one fails). */
  min?: string;
  /** --config FILE (default: prompt-bench.config.json in the current folder, when there is one). */
  config?: string;
}

export function parseRunArgs(argv: string[]): RunArgs {
  const values = parseFlags(argv, {
        prompt: { type: "string" },
        csv: { type: "string" },
        output: { type: "string" },
        metrics: { type: "string" },
        log: { type: "string" },
        model: { type: "string", default: "all" },
        "models-file": { type: "string" },
        "models-dir": { type: "string" },
        "max-new-tokens": { type: "string", default: "1024" },
        "max-reasoning-tokens": { type: "string" },
        threads: { type: "string" },
        parallel: { type: "string" },
        gpu: { type: "string", default: "auto" },
        "gpu-devices": { type: "string" },
        "vram-cap": { type: "string" },
        "ram-cap": { type: "string" },
        constrained: { type: "boolean", default: false },
        schema: { type: "string" },
        "skip-inference": { type: "boolean", default: false },
        "skip-metrics": { type: "boolean", default: false },
        targets: { type: "string" },
        "plots-dir": { type: "string" },
        "no-download": { type: "boolean", default: false },
        "rouge-tokenizer": { type: "string", default: "default" },
        "bertscore-model": { type: "string" },
        "no-escape-formulas": { type: "boolean", default: false },
        history: { type: "string" },
        "no-history": { type: "boolean", default: false },
        "no-ci": { type: "boolean", default: false },
        min: { type: "string" },
        config: { type: "string" },
        ...SAMPLING_FLAGS,
      });
  if (!values.csv) throw new UsageError("--csv FILE is required");
  if (!values.prompt && !values["skip-inference"]) throw new UsageError("--prompt FILE is required (unless --skip-inference)");
  const rougeTokenizer = oneOf("--rouge-tokenizer", values["rouge-tokenizer"] ?? "default", ["default", "unicode"] as const);
  const gpu = oneOf("--gpu", values.gpu ?? "auto", ["auto", "off"] as const);
  return {
    prompt: values.prompt,
    csv: values.csv,
    output: values.output,
    metrics: values.metrics,
    log: values.log,
    model: values.model ?? "all",
    modelsFile: values["models-file"],
    modelsDir: values["models-dir"],
    maxNewTokens: positiveInt("--max-new-tokens", values["max-new-tokens"] ?? "1024"),
    maxReasoningTokens: values["max-reasoning-tokens"] === undefined ? undefined : positiveInt("--max-reasoning-tokens", values["max-reasoning-tokens"]),
    threads: values.threads === undefined ? undefined : positiveInt("--threads", values.threads),
    parallel: values.parallel === undefined ? undefined : positiveInt("--parallel", values.parallel),
    gpu: gpu === "off" ? false : "auto",
    gpuDevices: gpuDevices(values["gpu-devices"]),
    vramCapBytes: gigabytes("--vram-cap", values["vram-cap"]),
    ramCapBytes: gigabytes("--ram-cap", values["ram-cap"]),
    constrained: values.constrained ?? false,
    schema: values.schema,
    skipInference: values["skip-inference"] ?? false,
    skipMetrics: values["skip-metrics"] ?? false,
    targets: targetsFlag(values.targets),
    plotsDir: values["plots-dir"],
    download: !values["no-download"],
    rougeTokenizer,
    bertScoreModel: values["bertscore-model"] ?? process.env.PROMPT_BENCH_BERTSCORE_MODEL,
    escapeFormulas: !values["no-escape-formulas"],
    history: values.history,
    noHistory: values["no-history"] ?? false,
    confidenceIntervals: !values["no-ci"],
    min: values.min,
    config: values.config,
    ...parseSamplingArgs(values),
  };
}

/** `--targets a,b` as a list; a flag with no names is a usage error. */
export function targetsFlag(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const targets = parseTargetList(text);
  if (targets.length === 0) throw new UsageError(`--targets needs column names, e.g. --targets answer,city (got "${text}")`);
  return targets;
}

/** A memory cap given in GB (10^9 bytes, decimals allowed), as bytes. */
function gigabytes(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const gb = number(flag, text);
  if (gb <= 0) throw new UsageError(`${flag} must be a positive number of GB, not "${text}"`);
  return Math.round(gb * 1e9);
}

/** --gpu-devices 0,1: a bad list is a usage error (exit 2), like any other bad flag. */
function gpuDevices(text: string | undefined): string | undefined {
  try {
    return parseGpuDevices(text, "--gpu-devices");
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
