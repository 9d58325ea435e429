import type { PairedComparison } from "../stats/pairedBootstrap";

/**
 * What `compare A B` produces (issue 12): the contract between the comparison (src/core/compare), the gates
 * (src/core/gates), the CLI's outputs (terminal, --json, --markdown) and the VS Code Compare tab. Plain data,
 * JSON-serialisable (it is what `compare --json` prints and what the panel receives).
 */
export interface Comparison {
  /** "A" is the baseline side, "B" the current one; every delta is B − A. */
  a: ComparedSide;
  b: ComparedSide;
  /** Rows scored: the rows both sides ran, matched by input hash (ReferenceRow.sha256). */
  rowsCompared: number;
  /** Rows only one side has (a different dataset revision, or an unfinished run). */
  rowsOnlyInA: number;
  rowsOnlyInB: number;
  bootstrap: { resamples: number; seed: number; confidence: number };
  /** One entry per model present on both sides (matched by model name), in A's order. */
  models: ModelComparison[];
  /** Model names on only one side: reported, not compared. */
  modelsOnlyInA: string[];
  modelsOnlyInB: string[];
}

export interface ComparedSide {
  /** Run id, or the results CSV's path when the side came from a file. */
  id: string;
  /** How the user named it: `latest`, `baseline`, an id prefix, a path. */
  label: string;
  source: "history" | "results-csv";
  startedAt?: string;
  promptSha256?: string;
  promptFile?: string;
  datasetFile?: string;
  datasetSha256?: string;
}

export interface ModelComparison {
  model: string;
  /** One entry per target field on both sides, each metric that could be computed on both. */
  fields: FieldComparison[];
  /** Run-level measures: validity (share of rows valid, 0–100), latency p50/p95 (s), tokens/s, cost. */
  measures: MeasureComparison[];
  /** Rows whose outcome changed, worst first (largest regression first). */
  changedRows: ChangedRow[];
  /** How many rows changed in all, when `changedRows` was cut to the first N (compare --rows N). */
  changedRowCount?: number;
}

export interface FieldComparison {
  field: string;
  metrics: MetricComparison[];
}

/** `metric` is a metric id (src/core/metrics/textMetric.ts METRIC_IDS: "chrf++", "bleu", "exact_match", …). */
export interface MetricComparison extends PairedComparison {
  metric: string;
  /** True when lower scores are better (wer, cer, mer, wil). */
  lowerIsBetter: boolean;
  /** p < 1 − confidence. */
  significant: boolean;
}

/**
 * measure: "validity" (%, 0–100), "latency_p50_s", "latency_p95_s", "tokens_per_sec", "cost" (the run's cost, in
 * `unit`; absent when neither side has one). `relative` = delta / a (undefined when a is 0).
 */
export interface MeasureComparison extends PairedComparison {
  measure: "validity" | "latency_p50_s" | "latency_p95_s" | "tokens_per_sec" | "cost";
  unit: string;
  lowerIsBetter: boolean;
  significant: boolean;
  relative?: number;
}

export type RowChange = "improved" | "regressed" | "newly-invalid" | "newly-valid" | "changed";

/** One row's outcome on both sides, for one model. */
export interface ChangedRow {
  /** 0-based data row and 1-based CSV line on B's side (A's where B lacks it). */
  row: number;
  line: number;
  change: RowChange;
  /** The field whose score moved most (the sort key), and that score's change (B − A, on that row, chrF++ 0–100). */
  field: string;
  scoreDelta: number;
  expected: Record<string, string>;
  predictionsA: Record<string, string>;
  predictionsB: Record<string, string>;
  validA: boolean;
  validB: boolean;
  errorA?: string;
  errorB?: string;
}
