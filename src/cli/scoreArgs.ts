import type { ScoreOptions } from "../core/metrics/scoreOptions";
import { METRIC_IDS, type MetricId } from "../core/metrics/textMetric";
import { number, oneOf, parseFlags } from "./flags";
import { UsageError } from "./usageError";
import { targetsFlag } from "./args";

/** `score --csv`: recompute the metrics CSV of a results CSV. */
export interface ScoreCsvArgs {
  mode: "csv";
  csv: string;
  metricsFile?: string;
  bertScoreModel?: string;
  plotsDir?: string;
  escapeFormulas: boolean;
  /** --no-ci: no bootstrap intervals or rank in the metrics CSV. */
  confidenceIntervals: boolean;
  /** --targets a,b: score these columns (default: the targets the run recorded, else auto-detected). */
  targets?: string[];
}

/** `score --hyp --ref …`: score plain-text files, one segment per line, like sacrebleu's CLI. */
export interface ScoreFilesArgs {
  mode: "files";
  hyp: string;
  refs: string[];
  metrics: MetricId[];
  options: ScoreOptions;
  perSegment: boolean;
  json: boolean;
}

export function parseScoreArgs(argv: string[]): ScoreCsvArgs | ScoreFilesArgs {
  const values = parseFlags(argv, {
        csv: { type: "string" },
        targets: { type: "string" },
        "bertscore-model": { type: "string" },
        "plots-dir": { type: "string" },
        hyp: { type: "string" },
        ref: { type: "string", multiple: true },
        metrics: { type: "string" },
        tokenize: { type: "string", default: "13a" },
        lowercase: { type: "boolean", default: false },
        "smooth-method": { type: "string", default: "exp" },
        "smooth-value": { type: "string" },
        "use-stemmer": { type: "boolean", default: false },
        "rouge-tokenizer": { type: "string", default: "default" },
        "chrf-eps-smoothing": { type: "boolean", default: false },
        "chrf-whitespace": { type: "boolean", default: false },
        "chrf-beta": { type: "string", default: "2" },
        "per-segment": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        "no-escape-formulas": { type: "boolean", default: false },
        "no-ci": { type: "boolean", default: false },
      });
  if (values.csv !== undefined) {
    if (values.hyp !== undefined || values.ref !== undefined) throw new UsageError("use either --csv or --hyp/--ref, not both");
    return { mode: "csv", csv: values.csv, metricsFile: values.metrics, bertScoreModel: values["bertscore-model"] ?? process.env.PROMPT_BENCH_BERTSCORE_MODEL, plotsDir: values["plots-dir"], escapeFormulas: !values["no-escape-formulas"], confidenceIntervals: !values["no-ci"], targets: targetsFlag(values.targets) };
  }
  if (values["plots-dir"] !== undefined) throw new UsageError("--plots-dir needs --csv RESULTS.csv");
  if (values.targets !== undefined) throw new UsageError("--targets needs --csv RESULTS.csv");
  if (values["no-ci"]) throw new UsageError("--no-ci needs --csv RESULTS.csv (text files are scored without intervals)");
  if (values.hyp === undefined || !values.ref?.length) throw new UsageError("score needs --csv FILE, or --hyp FILE and at least one --ref FILE");
  const metrics = values.metrics ? values.metrics.split(",").map((m) => m.trim()).filter(Boolean) : [...METRIC_IDS];
  const unknown = metrics.filter((m) => !(METRIC_IDS as readonly string[]).includes(m));
  if (unknown.length) throw new UsageError(`unknown metric ${unknown.join(", ")}; choose from ${METRIC_IDS.join(",")}`);
  return {
    mode: "files",
    hyp: values.hyp,
    refs: values.ref,
    metrics: metrics as MetricId[],
    perSegment: values["per-segment"] ?? false,
    json: values.json ?? false,
    options: {
    tokenize: oneOf("--tokenize", values.tokenize ?? "13a", ["13a", "intl", "char", "none"] as const),
    lowercase: values.lowercase ?? false,
    smoothMethod: oneOf("--smooth-method", values["smooth-method"] ?? "exp", ["exp", "floor", "add-k", "none"] as const),
    smoothValue: values["smooth-value"] === undefined ? undefined : number("--smooth-value", values["smooth-value"]),
    useStemmer: values["use-stemmer"] ?? false,
    rougeTokenizer: oneOf("--rouge-tokenizer", values["rouge-tokenizer"] ?? "default", ["default", "unicode"] as const),
    chrfEpsSmoothing: values["chrf-eps-smoothing"] ?? false,
    chrfWhitespace: values["chrf-whitespace"] ?? false,
    chrfBeta: number("--chrf-beta", values["chrf-beta"] ?? "2"),
    },
  };
}
