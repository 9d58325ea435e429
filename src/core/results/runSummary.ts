import { existsSync } from "node:fs";
import { streamCsvFile } from "../csv/stream";
import type { CsvRecord, CsvTable } from "../csv/table";
import { readMetricsCsv } from "../metrics/readMetricsCsv";
import type { MetricsRow } from "../runner/options";
import { factColumn, modelsInColumns, rawColumn } from "./columns";
import { readRecordedModels } from "./runMeta";

/** Quality metrics the summary may name as "best", in order of preference (the first with any value wins). */
export const SUMMARY_METRICS = [
  { key: "chrf", label: "chrF++" },
  { key: "rougeL", label: "ROUGE-L" },
  { key: "bleu", label: "BLEU" },
  { key: "bertscore_f1", label: "BERTScore" },
  { key: "exact_match", label: "EM" },
] as const satisfies readonly { key: keyof MetricsRow; label: string }[];

export interface RunOverview {
  /** Models in the run (results columns, else the metrics file's models), in order. */
  models: string[];
  /** Valid outputs / finished outputs over all models and rows (0..1); undefined when nothing finished. */
  validRate: number | undefined;
  /** The model with the highest mean (over fields) of the preferred metric; undefined when no metric has values. */
  best: { metric: string; value: number; model: string } | undefined;
}

/**
 * Summarises a run from its results table (may be missing) and metrics rows. Pure. `recorded`: the models the
 * results' meta file lists (absent: found by column name, see modelsInColumns).
 */
export function summarizeRun(results: CsvTable | undefined, metrics: readonly MetricsRow[], recorded?: readonly string[]): RunOverview {
  const fromResults = results ? modelsInColumns(results.columns, recorded) : [];
  const models = fromResults.length > 0 ? fromResults : [...new Set(metrics.map((m) => m.model))];

  let validRate: number | undefined;
  if (results && fromResults.length > 0) {
    let done = 0;
    let valid = 0;
    for (const model of fromResults) {
      const at = results.columns.indexOf(factColumn(model, "valid"));
      if (at < 0) continue;
      for (const record of results.records) {
        const v = (record.values[at] ?? "").trim();
        if (v === "") continue;
        done++;
        if (v === "true") valid++;
      }
    }
    validRate = done === 0 ? undefined : valid / done;
  } else {
    // One metrics row per model and field, each with the same counts: count each model once.
    const perModel = new Map<string, MetricsRow>();
    for (const row of metrics) if (!perModel.has(row.model)) perModel.set(row.model, row);
    const total = [...perModel.values()].reduce((s, r) => s + r.n_total, 0);
    const valid = [...perModel.values()].reduce((s, r) => s + r.n_valid, 0);
    validRate = total === 0 ? undefined : valid / total;
  }

  let best: RunOverview["best"];
  for (const { key, label } of SUMMARY_METRICS) {
    const means = new Map<string, { sum: number; n: number }>();
    for (const row of metrics) {
      const value = row[key];
      if (typeof value !== "number" || !Number.isFinite(value)) continue;
      const m = means.get(row.model) ?? { sum: 0, n: 0 };
      m.sum += value;
      m.n++;
      means.set(row.model, m);
    }
    for (const [model, { sum, n }] of means) {
      const value = sum / n;
      if (best === undefined || value > best.value) best = { metric: label, value, model };
    }
    if (best) break;
  }
  return { models, validRate, best };
}

/** Reads a results CSV (when it exists) and its metrics CSV (when it exists) and summarises them. */
export async function readRunSummary(resultsFile: string, metricsFile: string): Promise<RunOverview> {
  const recorded = readRecordedModels(resultsFile);
  const results = existsSync(resultsFile) ? await readValidity(resultsFile, recorded) : undefined;
  const metrics = existsSync(metricsFile) ? await readMetricsCsv(metricsFile) : [];
  return summarizeRun(results, metrics, recorded);
}

/**
 * The results CSV cut down to what summarizeRun reads (each model's raw and validity columns): the code lens
 * reads it after every save, and a 100k-row file should not be held whole for a count.
 */
async function readValidity(resultsFile: string, recorded: readonly string[] | undefined): Promise<CsvTable> {
  let columns: string[] = [];
  let keep: number[] = [];
  const records: CsvRecord[] = [];
  const header = await streamCsvFile(resultsFile, {
    header: (h) => {
      columns = modelsInColumns(h.columns, recorded).flatMap((m) => [rawColumn(m), factColumn(m, "valid")]).filter((c) => h.columns.includes(c));
      keep = columns.map((c) => h.columns.indexOf(c));
    },
    record: (r) => records.push({ line: r.line, values: keep.map((i) => r.values[i] ?? "") }),
  });
  return { ...header, columns, records };
}

/** "last run: 3 models · 94% valid · best chrF++ 52.1 (qwen2.5-7b)". */
export function formatRunSummary(overview: RunOverview): string {
  const n = overview.models.length;
  const parts = [`last run: ${n} model${n === 1 ? "" : "s"}`];
  if (overview.validRate !== undefined) parts.push(`${Math.round(overview.validRate * 100)}% valid`);
  if (overview.best) {
    const v = overview.best.value;
    const shown = Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3);
    parts.push(`best ${overview.best.metric} ${shown} (${overview.best.model})`);
  }
  return parts.join(" · ");
}
