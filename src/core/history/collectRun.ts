import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { streamCsvFile } from "../csv/stream";
import { targetsOf } from "../fieldRoles";
import type { ModelSpec } from "../registry/modelSpec";
import { factColumn, isColumnOf, modelsInColumns, predColumn, rawColumn } from "../results/columns";
import { hashHex, hashNumber, Journal } from "../results/journal";
import { readRecordedFields, readRecordedModels, sha256 } from "../results/runMeta";
import { DEFAULT_KEYS, rowKey } from "../results/rowKey";
import type { MetricsRow } from "../runner/options";
import { sha256File } from "./fileHash";
import type { ModelRecord, PredictionRow, ReferenceRow, RunParams, RunRecord, RunStatus, RunVersions } from "./runRecord";

export interface RunFacts {
  id: string;
  startedAt: Date;
  endedAt: Date;
  status: RunStatus;
  error?: string;
  /** The run this one repeats (`prompt-bench rerun`). */
  rerunOf?: string;
  promptFile?: string;
  csvFile: string;
  outputFile: string;
  metricsFile?: string;
  metrics: readonly MetricsRow[];
  /** The run's models; empty when it only re-scored (then the results file's models are recorded). */
  models: readonly ModelSpec[];
  params: RunParams;
  versions: RunVersions;
  /** Looks a file's SHA-256 up (e.g. a cache keyed by path, size and mtime); default: hash the file. */
  hashFile?: (path: string) => Promise<string>;
}

/**
 * Builds the history record of a run from what it left on disk: the results CSV (rows, references), its meta file
 * (per-model settings and hardware) and the metrics. Read after the run, never inside it.
 */
export async function collectRun(facts: RunFacts): Promise<RunRecord> {
  const hashFile = facts.hashFile ?? sha256File;
  const promptText = facts.promptFile && existsSync(facts.promptFile) ? readFileSync(facts.promptFile, "utf8") : "";
  const table = await readResults(facts.outputFile, facts.csvFile, facts.models);
  const modelNames = facts.models.length > 0 ? facts.models.map((m) => m.name) : (table?.models ?? []);
  const meta = readMetaModels(facts.outputFile);
  const models: ModelRecord[] = [];
  for (const name of modelNames) models.push(await modelRecord(name, facts.models.find((m) => m.name === name), meta[name], hashFile));
  const fields = table?.fields ?? [];
  return {
    id: facts.id,
    startedAt: facts.startedAt.toISOString(),
    endedAt: facts.endedAt.toISOString(),
    status: facts.status,
    ...(facts.error !== undefined && { error: facts.error }),
    ...(facts.rerunOf !== undefined && { rerunOf: facts.rerunOf }),
    prompt: { file: facts.promptFile, text: promptText, sha256: sha256(promptText) },
    dataset: { file: facts.csvFile, sha256: existsSync(facts.csvFile) ? await hashFile(facts.csvFile) : "", rows: table?.references.length ?? 0 },
    resultsFile: facts.outputFile,
    metricsFile: facts.metricsFile,
    fields,
    params: facts.params,
    versions: facts.versions,
    models,
    metrics: facts.metrics.filter((m) => modelNames.includes(m.model)),
    references: table?.references ?? [],
    rows: table ? predictionRows(table, modelNames, fields) : [],
  };
}

interface ResultsRows {
  columns: string[];
  models: string[];
  fields: string[];
  references: ReferenceRow[];
  cells: string[][];
}

/**
 * The results as a run left them: the results CSV (else, when it was never saved, the input CSV) with the rows
 * still only in its journal folded in (a failed or killed run), as a rerun would resume them.
 */
async function readResults(file: string, inputFile: string, specs: readonly ModelSpec[]): Promise<ResultsRows | undefined> {
  const base = existsSync(file) ? file : existsSync(inputFile) ? inputFile : undefined;
  if (base === undefined) return undefined;
  const cells: string[][] = [];
  const lines: number[] = [];
  const header = await streamCsvFile(base, {
    header: () => undefined,
    record: (r) => {
      cells.push(r.values);
      lines.push(r.line);
    },
  });
  const columns = [...header.columns];
  foldJournal(`${file}.journal`, columns, cells);
  const recorded = readRecordedModels(file);
  const models = [...new Set([...modelsInColumns(columns, recorded), ...specs.map((s) => s.name)])];
  const inputAt = columns.flatMap((c, i) => (models.some((m) => isColumnOf(c, m)) ? [] : [i]));
  // The targets the run recorded; the row hash covers every input column (source, question, context, ...).
  const fields = targetsOf(inputAt.map((i) => columns[i]!), readRecordedFields(file));
  const fieldAt = fields.map((f) => columns.indexOf(f));
  const references = cells.map((values, row): ReferenceRow => {
    const input = inputAt.map((i) => `${columns[i]}\u0000${values[i] ?? ""}`).join("\u0001");
    const expected: Record<string, string> = {};
    fields.forEach((f, k) => (expected[f] = values[fieldAt[k]!] ?? ""));
    return { row, line: lines[row] ?? 0, sha256: createHash("sha256").update(input).digest("hex"), expected };
  });
  return { columns, models, fields, references, cells };
}

function foldJournal(journalFile: string, columns: string[], cells: string[][]): void {
  if (!existsSync(journalFile)) return;
  const keys = readRecordedFields(journalFile.slice(0, -".journal".length))?.inputs ?? DEFAULT_KEYS;
  new Journal(journalFile).forEach((entry) => {
    const values = cells[entry.row];
    if (!values) return;
    // The journal's guard: an entry for another dataset's row is never applied (as ResultsStore does).
    const key = rowKey(columns, keys, (at) => values[at] ?? "");
    if (entry.sourceHash !== hashHex(key === undefined ? 0 : hashNumber(key))) return;
    for (const [column, value] of Object.entries(entry.cells)) {
      let at = columns.indexOf(column);
      if (at < 0) at = columns.push(column) - 1;
      values[at] = value;
    }
  });
}

function predictionRows(table: ResultsRows, models: readonly string[], fields: readonly string[]): PredictionRow[] {
  const at = (column: string): number => table.columns.indexOf(column);
  const out: PredictionRow[] = [];
  for (const model of models) {
    const raw = at(rawColumn(model));
    if (raw < 0) continue;
    const valid = at(factColumn(model, "valid"));
    const error = at(factColumn(model, "error"));
    const preds = fields.map((f) => [f, at(predColumn(model, f))] as const);
    const num = (fact: "tokens_in" | "tokens_out" | "seconds" | "ttft_s" | "tokens_reasoning" | "retries") => {
      const i = at(factColumn(model, fact));
      return (values: string[]): number | undefined => {
        const text = i < 0 ? "" : (values[i] ?? "").trim();
        const n = Number(text);
        return text === "" || !Number.isFinite(n) ? undefined : n;
      };
    };
    const tokensIn = num("tokens_in"), tokensOut = num("tokens_out"), seconds = num("seconds");
    const ttft = num("ttft_s"), reasoning = num("tokens_reasoning"), retries = num("retries");
    table.cells.forEach((values, row) => {
      const validText = valid < 0 ? "" : (values[valid] ?? "");
      // A row is finished once its validity is written (ResultsStore.isDone); older files have only raw text.
      if (validText === "" && (valid >= 0 || (values[raw] ?? "") === "")) return;
      const predictions: Record<string, string> = {};
      for (const [f, i] of preds) predictions[f] = i < 0 ? "" : (values[i] ?? "");
      out.push({
        model,
        row,
        predictions,
        raw: values[raw] ?? "",
        ...(validText !== "" && { valid: validText === "true" }),
        ...(error >= 0 && values[error] && { error: values[error] }),
        tokensIn: tokensIn(values),
        tokensOut: tokensOut(values),
        seconds: seconds(values),
        ttftS: ttft(values),
        tokensReasoning: reasoning(values),
        retries: retries(values),
      });
    });
  }
  return out;
}

function readMetaModels(resultsFile: string): Record<string, Record<string, unknown>> {
  try {
    const data = JSON.parse(readFileSync(`${resultsFile}.meta.json`, "utf8")) as { models?: Record<string, Record<string, unknown>> };
    return data.models && typeof data.models === "object" ? data.models : {};
  } catch {
    return {};
  }
}

async function modelRecord(name: string, spec: ModelSpec | undefined, info: Record<string, unknown> | undefined, hashFile: (path: string) => Promise<string>): Promise<ModelRecord> {
  const record: ModelRecord = { name, kind: spec?.source.kind ?? kindOf(info), info: info ?? {} };
  const source = spec?.source;
  if (source?.kind === "file") {
    record.file = source.path;
    if (isFile(source.path)) record.fileSha256 = await hashFile(source.path);
  } else if (source?.kind === "uri") {
    record.uri = source.uri;
    // The engine resolved the URI to a file in the models folder (meta.json's filePath).
    if (typeof info?.filePath === "string" && isFile(info.filePath)) record.fileSha256 = await hashFile(info.filePath);
  } else if (source?.kind === "endpoint") {
    record.endpoint = source.endpoint;
    record.endpointModel = source.model;
  } else if (typeof info?.source === "string") {
    // Re-scoring: only the meta file's one-line source is known.
    if (record.kind === "file") record.file = info.source;
    else if (record.kind === "uri") record.uri = info.source;
  }
  if (spec?.lora && spec.lora.length > 0) {
    record.lora = [];
    for (const a of spec.lora) record.lora.push({ path: a.path, scale: a.scale, ...(isFile(a.path) && { sha256: await hashFile(a.path) }) });
  }
  return record;
}

function kindOf(info: Record<string, unknown> | undefined): ModelRecord["kind"] {
  const source = typeof info?.source === "string" ? info.source : "";
  if (source.includes(" @ ")) return "endpoint";
  return /^(hf:|https?:)/.test(source) ? "uri" : "file";
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
