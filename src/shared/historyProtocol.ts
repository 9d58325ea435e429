/**
 * The History tab's messages (issue 12): the runs of the history file, newest first, with their headline figures,
 * and the webview's requests. Compiled into the extension and the webview: no node or vscode imports.
 */
import * as z from "zod";

/** At most this many runs travel to the webview (newest first); `total` says how many the file holds. */
export const MAX_HISTORY_RUNS = 500;

const optionalNumber = z.number().nullable().optional();

export const historyRunSchema = z.object({
  id: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  status: z.enum(["completed", "cancelled", "failed"]),
  promptFile: z.string().optional(),
  promptFirstLine: z.string(),
  promptSha256: z.string(),
  datasetFile: z.string(),
  datasetSha256: z.string(),
  rows: z.number(),
  resultsFile: z.string(),
  models: z.array(
    z.object({
      model: z.string(),
      chrf: optionalNumber,
      exactMatch: optionalNumber,
      validRate: optionalNumber,
      rowsDone: z.number(),
    }),
  ),
});
export type HistoryRun = z.infer<typeof historyRunSchema>;

export const historyMessageSchema = z.object({
  type: z.literal("history"),
  /** The history file read (absolute path); undefined when history is off. */
  file: z.string().optional(),
  runs: z.array(historyRunSchema).max(MAX_HISTORY_RUNS),
  /** Runs in the file (more than `runs` when capped). */
  total: z.number(),
  /** The shown run's prompt and dataset: "this prompt / dataset" selects the runs with both. */
  promptFile: z.string().optional(),
  datasetFile: z.string().optional(),
  /** Why no runs can be shown (history off, file unreadable). */
  error: z.string().optional(),
});
export type HistoryMessage = z.infer<typeof historyMessageSchema>;

export const historyRequestSchema = z.object({ type: z.literal("requestHistory") });

/** Compare two runs of the shown history: `a` is the baseline (the older), `b` the current one. */
export const compareRunsRequestSchema = z.object({ type: z.literal("compareRuns"), a: z.string().min(1), b: z.string().min(1) });
export type CompareRunsRequest = z.infer<typeof compareRunsRequestSchema>;
