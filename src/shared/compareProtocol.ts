/**
 * The Compare tab's message (issue 12): one or more `Comparison`s (src/core/compare/comparison.ts) as zod schemas,
 * checked on receipt like every panel message. Numbers may arrive as null (JSON turns NaN into null).
 * Compiled into the extension and the webview: no node or vscode imports.
 */
import * as z from "zod";
import type { Comparison } from "../core/compare/comparison";

/** Changed rows sent per model (worst first); `changedRowCount` says how many there were. */
export const MAX_CHANGED_ROWS = 200;
/** Comparisons in one message (prompt variants each against the first). */
export const MAX_COMPARISONS = 50;

const num = z.number().nullable();

const scoreIntervalSchema = z.object({ score: num, mean: num, low: num, high: num });

const pairedSchema = {
  a: scoreIntervalSchema,
  b: scoreIntervalSchema,
  delta: num,
  deltaLow: num,
  deltaHigh: num,
  p: num,
  resamples: z.number(),
  seed: z.number(),
  confidence: z.number(),
};

export const metricComparisonSchema = z.object({ ...pairedSchema, metric: z.string(), lowerIsBetter: z.boolean(), significant: z.boolean() });

export const measureComparisonSchema = z.object({
  ...pairedSchema,
  measure: z.enum(["validity", "latency_p50_s", "latency_p95_s", "tokens_per_sec", "cost"]),
  unit: z.string(),
  lowerIsBetter: z.boolean(),
  significant: z.boolean(),
  relative: num.optional(),
});

export const changedRowSchema = z.object({
  row: z.number(),
  line: z.number(),
  change: z.enum(["improved", "regressed", "newly-invalid", "newly-valid", "changed"]),
  field: z.string(),
  scoreDelta: num,
  expected: z.record(z.string(), z.string()),
  predictionsA: z.record(z.string(), z.string()),
  predictionsB: z.record(z.string(), z.string()),
  validA: z.boolean(),
  validB: z.boolean(),
  errorA: z.string().optional(),
  errorB: z.string().optional(),
});

const sideSchema = z.object({
  id: z.string(),
  label: z.string(),
  source: z.enum(["history", "results-csv"]),
  startedAt: z.string().optional(),
  promptSha256: z.string().optional(),
  promptFile: z.string().optional(),
  datasetFile: z.string().optional(),
  datasetSha256: z.string().optional(),
});

export const comparisonSchema = z.object({
  a: sideSchema,
  b: sideSchema,
  rowsCompared: z.number(),
  rowsOnlyInA: z.number(),
  rowsOnlyInB: z.number(),
  bootstrap: z.object({ resamples: z.number(), seed: z.number(), confidence: z.number() }),
  models: z.array(
    z.object({
      model: z.string(),
      fields: z.array(z.object({ field: z.string(), metrics: z.array(metricComparisonSchema) })),
      measures: z.array(measureComparisonSchema),
      changedRows: z.array(changedRowSchema).max(MAX_CHANGED_ROWS),
      /** How many rows changed (changedRows holds the worst MAX_CHANGED_ROWS, or compare's first N). */
      changedRowCount: z.number().optional(),
    }),
  ),
  modelsOnlyInA: z.array(z.string()),
  modelsOnlyInB: z.array(z.string()),
});
export type PanelComparison = z.infer<typeof comparisonSchema>;

export const compareMessageSchema = z.object({
  type: z.literal("compare"),
  comparisons: z.array(comparisonSchema).max(MAX_COMPARISONS),
  /** Why no comparison can be shown (a run id not found, different datasets…). */
  error: z.string().optional(),
});
export type CompareMessage = z.infer<typeof compareMessageSchema>;

/** The panel's copy of comparisons: each model's changed rows capped (the worst first), with their total. */
export function compareMessage(comparisons: readonly Comparison[], error?: string): CompareMessage {
  const capped = comparisons.map(
    (c): PanelComparison => ({
      ...c,
      models: c.models.map((m) => ({ ...m, changedRows: m.changedRows.slice(0, MAX_CHANGED_ROWS), changedRowCount: m.changedRowCount ?? m.changedRows.length })),
    }),
  );
  return { type: "compare", comparisons: capped, ...(error !== undefined && { error }) };
}
