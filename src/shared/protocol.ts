/**
 * Messages between the extension and the results panel's webview. Every message is a discriminated union
 * member with a zod schema; each side parses what it receives and logs and drops anything that does not match.
 * This file is compiled into both the extension (node) and the webview bundle (browser): no node or vscode imports.
 */
import * as z from "zod";
import { compareMessageSchema } from "./compareProtocol";
import { compareRunsRequestSchema, historyMessageSchema, historyRequestSchema } from "./historyProtocol";

/** JSON turns NaN/Infinity into null, and empty metrics cells are absent: accept both, show them as "—". */
const optionalNumber = z.number().nullable().optional();

export const metricsRowSchema = z.object({
  model: z.string(),
  field: z.string(),
  n_total: z.number(),
  n_valid: z.number(),
  rouge1: optionalNumber,
  rouge2: optionalNumber,
  rougeL: optionalNumber,
  bleu: optionalNumber,
  chrf: optionalNumber,
  bertscore_f1: optionalNumber,
  exact_match: optionalNumber,
  runtime_s: optionalNumber,
  tokens_in: optionalNumber,
  tokens_out: optionalNumber,
  tokens_per_sec: optionalNumber,
  // Appended hardware columns (issue 5): empty cells arrive absent; text columns stay text.
  load_s: optionalNumber,
  latency_p50_s: optionalNumber,
  latency_p95_s: optionalNumber,
  ttft_p50_s: optionalNumber,
  ttft_p95_s: optionalNumber,
  energy_wh: optionalNumber,
  power_avg_w: optionalNumber,
  power_peak_w: optionalNumber,
  model_file_gb: optionalNumber,
  params_b: optionalNumber,
  // Issue 13: JSON-task metrics (typed fields), present only with a schema file.
  schema_compliance: optionalNumber,
  field_accuracy: optionalNumber,
  type_correctness: optionalNumber,
  structural_consistency: optionalNumber,
  field_accuracy_model: optionalNumber,
  type_correctness_model: optionalNumber,
  gpu_names: z.string().nullable().optional(),
  gpu_layers: z.string().nullable().optional(),
  vram_peak_gb: optionalNumber,
  ram_peak_gb: optionalNumber,
  tokens_reasoning: optionalNumber,
  /** Why the model was not run (it did not fit the free memory); absent when it ran. */
  skipped: z.string().nullable().optional(),
  // Endpoint models (issue 7): retried requests, and cost from the entry's prices.
  retries: optionalNumber,
  cost: optionalNumber,
  // Issue 12: each quality column's 95% bootstrap interval, and the rank by chrF++ (tied models share a rank).
  rouge1_ci_low: optionalNumber,
  rouge1_ci_high: optionalNumber,
  rouge2_ci_low: optionalNumber,
  rouge2_ci_high: optionalNumber,
  rougeL_ci_low: optionalNumber,
  rougeL_ci_high: optionalNumber,
  bleu_ci_low: optionalNumber,
  bleu_ci_high: optionalNumber,
  chrf_ci_low: optionalNumber,
  chrf_ci_high: optionalNumber,
  exact_match_ci_low: optionalNumber,
  exact_match_ci_high: optionalNumber,
  rank: optionalNumber,
});
export type PanelMetricsRow = z.infer<typeof metricsRowSchema>;

export const rowFailureSchema = z.object({
  rowIndex: z.number(),
  line: z.number(),
  model: z.string(),
  error: z.string(),
});
export type PanelRowFailure = z.infer<typeof rowFailureSchema>;

/** The files of a run (absolute paths). Opened from a metrics CSV alone, prompt and CSV may be unknown. */
export const runInfoSchema = z.object({
  promptFile: z.string().optional(),
  csvFile: z.string().optional(),
  outputFile: z.string().optional(),
  metricsFile: z.string(),
});
export type RunInfo = z.infer<typeof runInfoSchema>;

/** At most this many failures travel to the webview; `failuresTotal` says how many there were. */
export const MAX_PANEL_FAILURES = 500;

export const resultsMessageSchema = z.object({
  type: z.literal("results"),
  run: runInfoSchema,
  metrics: z.array(metricsRowSchema),
  failures: z.array(rowFailureSchema).max(MAX_PANEL_FAILURES),
  failuresTotal: z.number(),
  /** True when the run was cancelled (the metrics cover what finished). */
  cancelled: z.boolean().optional(),
  /** Failures were not available (e.g. the panel was opened from a metrics CSV alone). */
  failuresUnknown: z.boolean().optional(),
  /** Why metric columns are empty (e.g. no BERTScore model), shown under the table. */
  notes: z.array(z.string()).optional(),
  /** Model load time in seconds, per model, when known. */
  loadSeconds: z.record(z.string(), z.number()).optional(),
});

export const progressMessageSchema = z.object({
  type: z.literal("progress"),
  state: z.enum(["running", "done", "cancelled", "failed"]),
  /** Human-readable line, e.g. "model 1/2 · row 3/10 · 12.5 tok/s". */
  message: z.string(),
  model: z.string().optional(),
  modelIndex: z.number().optional(),
  modelCount: z.number().optional(),
  rowsDone: z.number().optional(),
  rowsTotal: z.number().optional(),
  tokensPerSec: z.number().nullable().optional(),
});

/** Row filters of the Rows tab. */
export const rowFilterSchema = z.enum(["all", "failed", "disagree", "below"]);
export type RowFilter = z.infer<typeof rowFilterSchema>;

/** At most this many rows are asked for (and sent) at a time. */
export const MAX_ROWS_PAGE = 200;

export const rowsPageRequestSchema = z.object({
  type: z.literal("rowsPage"),
  /** Echoed in the answer, so the webview can drop stale pages. */
  requestId: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().positive().max(MAX_ROWS_PAGE),
  filter: rowFilterSchema,
  /** "below threshold": a valid prediction whose chrF++ (0–100) is below this. */
  threshold: z.number().min(0).max(100).optional(),
});
export type RowsPageRequest = z.infer<typeof rowsPageRequestSchema>;

const rowScoresSchema = z.object({
  exact_match: optionalNumber,
  bleu: optionalNumber,
  chrf: optionalNumber,
  rougeL: optionalNumber,
});

export const panelRowSchema = z.object({
  /** 0-based index among the data rows. */
  index: z.number().int().nonnegative(),
  /** 1-based line of the record's first character in the CSV (0 when unknown). */
  line: z.number().int().nonnegative(),
  source: z.string(),
  targets: z.record(z.string(), z.string()),
  models: z.array(
    z.object({
      model: z.string(),
      /** true/false; null = not run yet. */
      valid: z.boolean().nullable(),
      error: z.string(),
      predictions: z.record(z.string(), z.string()),
      /** Per field: the row's own scores (valid rows only). */
      scores: z.record(z.string(), rowScoresSchema),
      raw: z.string(),
    }),
  ),
});
export type PanelRow = z.infer<typeof panelRowSchema>;

export const rowsPageMessageSchema = z.object({
  type: z.literal("rowsPage"),
  requestId: z.number(),
  offset: z.number(),
  filter: rowFilterSchema,
  /** Rows matching the filter. */
  total: z.number(),
  /** Rows in the file. */
  rowCount: z.number(),
  fields: z.array(z.string()),
  models: z.array(z.string()),
  rows: z.array(panelRowSchema).max(MAX_ROWS_PAGE),
  /** Why no rows can be shown (e.g. no results CSV known). */
  error: z.string().optional(),
});
export type RowsPageMessage = z.infer<typeof rowsPageMessageSchema>;

export const panelTabSchema = z.enum(["overview", "rows", "plots", "history", "compare"]);
export type PanelTab = z.infer<typeof panelTabSchema>;

/** Asks the webview what it rendered (integration tests). */
export const domSummaryRequestSchema = z.object({
  type: z.literal("domSummary"),
  requestId: z.number(),
  /** Switch to this tab (and, for rows, this filter) and wait for its content before answering. */
  tab: panelTabSchema.optional(),
  filter: rowFilterSchema.optional(),
  /** Click the header of this overview column first (sorting), once per listed key. */
  sortBy: z.array(z.string()).optional(),
  /** Click the shown row with this data-row index (Rows tab) after rendering. */
  clickRow: z.number().int().nonnegative().optional(),
  /** History tab: tick these runs' checkboxes (after clearing the others) and press "Compare". */
  pickRuns: z.array(z.string()).optional(),
  /** History tab: show every run of the history ("all") or this prompt's and dataset's ("this"). */
  historyScope: z.enum(["this", "all"]).optional(),
  /** Compare tab: show the comparison at this index of the received list. */
  comparisonIndex: z.number().int().nonnegative().optional(),
  /** Scroll the element with this data-testid to the top of the view (screenshots). */
  scrollTo: z.string().optional(),
});

/** Switch the webview to a tab (the showHistory / compareRuns commands). */
export const showTabSchema = z.object({ type: z.literal("showTab"), tab: panelTabSchema });

/** Show one data row (0-based) in the Rows tab, e.g. from a diagnostic's "Open row in results panel". */
export const focusRowSchema = z.object({ type: z.literal("focusRow"), index: z.number().int().nonnegative() });

export const toWebviewSchema = z.discriminatedUnion("type", [
  resultsMessageSchema,
  progressMessageSchema,
  rowsPageMessageSchema,
  domSummaryRequestSchema,
  focusRowSchema,
  showTabSchema,
  historyMessageSchema,
  compareMessageSchema,
]);
export type ToWebview = z.infer<typeof toWebviewSchema>;
export type ResultsMessage = z.infer<typeof resultsMessageSchema>;
export type ProgressMessage = z.infer<typeof progressMessageSchema>;

/** What the webview reports about its DOM (tests read the panel through it). */
export const domSummarySchema = z.object({
  type: z.literal("domSummary"),
  requestId: z.number(),
  /** The active tab. */
  tab: z.string(),
  /** Overview table: header labels, then each row's cell texts. */
  overviewHeader: z.array(z.string()),
  overviewRows: z.array(z.array(z.string())),
  /** Latency and hardware table: each model's cell texts (model first). */
  hardwareRows: z.array(z.array(z.string())).optional(),
  /** Overview: the notes on skipped models, then the reasons shown in the performance table's model cells. */
  skippedTexts: z.array(z.string()).optional(),
  /** Performance table: header labels (model first), then each model's cell texts. */
  perfHeader: z.array(z.string()).optional(),
  perfRows: z.array(z.array(z.string())).optional(),
  /** Column keys whose best cell is marked, with the marked row's model/field. */
  best: z.array(z.object({ col: z.string(), model: z.string(), field: z.string() })),
  /** Rows tab: the rows in the DOM (index, and the texts of source/target/prediction/raw cells). */
  rows: z.array(z.object({ index: z.number(), line: z.number(), texts: z.array(z.string()) })),
  rowsTotal: z.number(),
  /** Elements inside the app root that must never come from data. */
  scriptCount: z.number(),
  imgCount: z.number(),
  iframeCount: z.number(),
  anchorsWithHref: z.number(),
  elementsWithOnAttributes: z.number(),
  /** Globals an executed payload would set (window.__pbXss); must stay unset. */
  xssFlag: z.boolean(),
  /** CSP violations seen (`securitypolicyviolation` events): directive and blocked URI. */
  cspViolations: z.array(z.string()),
  /** Custom elements from the webview UI toolkit that upgraded (defined) in this webview. */
  toolkitDefined: z.array(z.string()),
  progressModels: z.array(z.string()),
  /** Plots tab: each plot's file name, its plotly SVG layers and text elements (0 = not drawn). */
  plots: z.array(z.object({ name: z.string(), svgs: z.number(), texts: z.number() })),
  /** The data-row index highlighted by a focusRow message, if it is shown. */
  focusedRow: z.number().nullable(),
  /** Overview: each quality cell's interval text ("±1.30") and tooltip, and each model's rank cell ("=1" = tied). */
  intervals: z.array(z.object({ col: z.string(), model: z.string(), field: z.string(), text: z.string(), title: z.string() })).optional(),
  ranks: z.array(z.object({ model: z.string(), field: z.string(), text: z.string(), title: z.string() })).optional(),
  /** History tab: the listed runs (id and cell texts), the line plots, and the history file's name or error. */
  historyRuns: z.array(z.object({ id: z.string(), texts: z.array(z.string()) })).optional(),
  historyPlots: z.array(z.object({ name: z.string(), svgs: z.number(), texts: z.number(), traces: z.number(), points: z.number() })).optional(),
  historyNote: z.string().optional(),
  /** Compare tab: why nothing could be compared (as shown). */
  compareError: z.string().optional(),
  /** Compare tab: the selector's options, the shown sides' ids, the metric and measure rows' cell texts. */
  compareOptions: z.array(z.string()).optional(),
  compareSides: z.array(z.string()).optional(),
  compareMetrics: z.array(z.array(z.string())).optional(),
  compareMeasures: z.array(z.array(z.string())).optional(),
  /** Compare tab: the delta chart (drawn SVG layers, error bars drawn). */
  compareChart: z.object({ svgs: z.number(), errorBars: z.number(), points: z.number() }).optional(),
  /** Compare tab: each changed row's change, both predictions, and the highlighted (removed / added) words. */
  changedRows: z
    .array(z.object({ row: z.number(), model: z.string(), change: z.string(), a: z.string(), b: z.string(), removed: z.array(z.string()), added: z.array(z.string()) }))
    .optional(),
});
export type DomSummary = z.infer<typeof domSummarySchema>;

export const fromWebviewSchema = z.discriminatedUnion("type", [
  /** The webview script has loaded and wants the current results. */
  z.object({ type: z.literal("ready") }),
  /** Open one of the run's files (only files of the shown run are opened), optionally at a 1-based line. */
  z.object({ type: z.literal("openFile"), path: z.string().min(1), line: z.number().int().positive().optional() }),
  /** The Plots tab's "Export plots" button. */
  z.object({ type: z.literal("exportPlots") }),
  /** The webview rendered a results message (tests wait for it). */
  z.object({ type: z.literal("rendered"), metricsRows: z.number(), failures: z.number() }),
  /** A page of the Rows tab. */
  rowsPageRequestSchema,
  /** Reveal a data row's record in the input CSV (its line is looked up by the extension). */
  z.object({ type: z.literal("revealRow"), index: z.number().int().nonnegative() }),
  domSummarySchema,
  /** The History tab wants the runs (on showing it, and its Refresh button). */
  historyRequestSchema,
  /** The History tab's "Compare" with two picked runs. */
  compareRunsRequestSchema,
]);
export type FromWebview = z.infer<typeof fromWebviewSchema>;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodType<T>, data: unknown): ParseResult<T> {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, message: result.data };
  const type = typeof data === "object" && data !== null && "type" in data ? String((data as { type: unknown }).type) : "?";
  return { ok: false, error: `message of type "${type}" does not match the protocol: ${z.prettifyError(result.error)}` };
}

export function parseToWebview(data: unknown): ParseResult<ToWebview> {
  return parseWith(toWebviewSchema, data);
}

export function parseFromWebview(data: unknown): ParseResult<FromWebview> {
  return parseWith(fromWebviewSchema, data);
}
