/**
 * Messages between the extension and the results panel's webview. Every message is a discriminated union
 * member with a zod schema; each side parses what it receives and logs and drops anything that does not match.
 * This file is compiled into both the extension (node) and the webview bundle (browser): no node or vscode imports.
 */
import * as z from "zod";

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

export const toWebviewSchema = z.discriminatedUnion("type", [resultsMessageSchema, progressMessageSchema]);
export type ToWebview = z.infer<typeof toWebviewSchema>;
export type ResultsMessage = z.infer<typeof resultsMessageSchema>;
export type ProgressMessage = z.infer<typeof progressMessageSchema>;

export const fromWebviewSchema = z.discriminatedUnion("type", [
  /** The webview script has loaded and wants the current results. */
  z.object({ type: z.literal("ready") }),
  /** Open one of the run's files (only files of the shown run are opened), optionally at a 1-based line. */
  z.object({ type: z.literal("openFile"), path: z.string().min(1), line: z.number().int().positive().optional() }),
  /** The webview rendered a results message (tests wait for it). */
  z.object({ type: z.literal("rendered"), metricsRows: z.number(), failures: z.number() }),
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
