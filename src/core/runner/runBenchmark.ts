import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { CsvError } from "../errors/csvError";
import { PromptError } from "../errors/promptError";
import { ModelFileMissingError } from "../errors/modelFileMissingError";
import { describeSampling } from "../engine/sampling";
import { writeFileAtomic } from "../fs/atomicWrite";
import { computeMetrics } from "../metrics/computeMetrics";
import { fillBertScore } from "../metrics/bertScoreColumn";
import { formatMetricsCsv } from "../metrics/metricsCsv";
import { parseTemplate, renderTemplate, templatePrefix } from "../prompt/template";
import type { ModelSpec } from "../registry/modelSpec";
import { describeLora } from "../registry/lora";
import { sourceText } from "../registry/sourceText";
import { factColumn, modelColumns, modelsInColumns, strayResultColumns } from "../results/columns";
import { readInputTable } from "../results/inputTable";
import { checkOutputPaths, checkOutputFolders } from "../results/outputSafety";
import { ResultsLock } from "../results/resultsLock";
import { ResultsStore } from "../results/resultsStore";
import { lazyTexts } from "../results/lazyTexts";
import { RunMeta, sha256, type ModelRunInfo } from "../results/runMeta";
import { jsonSchemaFor } from "../schema/jsonSchema";
import type { RunEventListener } from "./events";
import type { RunOptions, RunSummary, RowFailure } from "./options";
import { runModel } from "./runModel";
import { addJsonTaskMetrics } from "../metrics/json/jsonTaskMetrics";
import { loadFieldTypes } from "../typed/loadFieldTypes";
import { typedJsonSchemaFor } from "../typed/typedJsonSchema";
import { describeType } from "../typed/fieldType";
import { runFields } from "./runFields";

/**
 * Runs every selected model over every row not yet done, saving as it goes, then writes the metrics CSV.
 * All input is checked before anything is written, so a bad CSV, prompt or model never touches earlier results.
 */
export async function runBenchmark(options: RunOptions): Promise<RunSummary> {
  const lock: LockSlot = {};
  try {
    return await runLocked(options, lock);
  } finally {
    lock.held?.release();
  }
}

/** The results lock, taken by runLocked just before it opens the results file, released by runBenchmark. */
interface LockSlot {
  held?: ResultsLock;
}

async function runLocked(options: RunOptions, lock: LockSlot): Promise<RunSummary> {
  const emit = options.onEvent ?? (() => undefined);
  checkOutputPaths(options); // an output that is the input CSV or the prompt is refused before anything is read
  // Re-scoring saved results needs no prompt.
  const template = options.skipInference ? "" : await readPrompt(options.promptFile);
  const input = await readInputTable(options.csvFile);
  const { template: parsed, roles } = runFields(options, template, input);
  const fields = roles.targets;
  if (fields.length === 0) {
    throw new CsvError(
      `${options.csvFile} has no target columns (found: ${input.columns.join(", ")}). ` +
        `Add a column per field the model should extract, e.g. "patient_name".`,
      options.csvFile,
      1,
    );
  }
  const models = options.skipInference ? [] : options.models;
  for (const spec of models) checkModelFile(spec);
  checkNoClash(options.csvFile, input.columns, fields, models);
  const typed = loadFieldTypes(options.promptFile, options.schemaFile, fields, options.csvFile); // typed fields (issue 13)
  if (typed) emit({ type: "log", level: "info", message: `typed fields from ${typed.file}: ${Object.entries(typed.types).map(([f, t]) => `${f} ${describeType(t)}`).join(", ")}` });

  checkOutputFolders(options); // a missing, read-only or full folder is refused before the lock and any inference
  lock.held = takeLock(options, models, emit);
  const meta = RunMeta.open(options.outputFile);
  const formulas = { escape: options.escapeFormulas, meta };
  const store = ResultsStore.open(options.outputFile, input, fields, models.map((m) => m.name), { everyRows: options.saveEveryRows }, formulas, roles.inputs);
  let cancelled = false;
  const known = knownModels(meta, store.columns, input.columns, models, resolve(options.csvFile) === resolve(options.outputFile));
  warnStrayColumns(store.columns, known, input.columns, options, meta.file, emit);
  if (models.length > 0) {
    if (!options.engine || !parsed) throw new Error("runBenchmark: an engine and a prompt are required unless skipInference");
    meta.recordFields(roles);
    const prompts = lazyTexts(store.rowCount, (row) => renderTemplate(parsed, (column) => store.get(row, column)));
    const promptSha256 = sha256(template);
    const infoOf = (spec: ModelSpec): ModelRunInfo => ({ source: describeSource(spec), promptSha256, maxNewTokens: options.maxNewTokens, constrained: options.constrained, maxReasoningTokens: options.maxReasoningTokens, lora: describeLora(spec.lora), sampling: samplingInfo(options), ...entryPrices(spec) });
    for (const spec of models) {
      const info = infoOf(spec);
      if (store.rowCount > 0 && [...Array(store.rowCount).keys()].some((row) => store.isDone(row, spec.name))) meta.checkCompatible(spec.name, info, options.outputFile);
    }
    // Every model's columns are in the file from now on, so the meta file names each now (see modelsInColumns).
    for (const spec of models) if (!meta.get(spec.name)) meta.record(spec.name, infoOf(spec));
    if (store.unsaved > 0) store.save(); // rows recovered from an interrupted run's journal
    for (const [modelIndex, spec] of models.entries()) {
      if (options.signal?.aborted) break;
      const info = infoOf(spec);
      // Keep what was measured before (load time, power) until this run measures it again.
      meta.record(spec.name, { ...meta.get(spec.name), ...info });
      const finished = await runModel({
        spec,
        modelIndex,
        modelCount: models.length,
        engine: options.engine,
        store,
        prompts,
        promptPrefix: templatePrefix(parsed),
        fields,
        maxNewTokens: options.maxNewTokens,
        maxReasoningTokens: options.maxReasoningTokens,
        jsonSchema: options.constrained ? (typed ? typedJsonSchemaFor(typed.types) : jsonSchemaFor(fields)) : undefined,
        fieldTypes: typed?.types,
        sampling: options.sampling,
        signal: options.signal,
        power: options.power,
        onPower: (power) => meta.recordPower(spec.name, power),
        onHardware: (hardware) => meta.recordHardware(spec.name, hardware),
        onInference: (window) => meta.recordInference(spec.name, window),
        onSkip: (reason) => meta.record(spec.name, { ...meta.get(spec.name), ...info, skipped: reason }),
        emit: (event) => {
          // A model that loads is no longer skipped (a rerun with more free memory).
          if (event.type === "model-loaded") meta.record(spec.name, { ...meta.get(spec.name), ...info, loadSeconds: event.loadSeconds, skipped: undefined });
          emit(event);
        },
      });
      if (!finished) break;
    }
    cancelled = options.signal?.aborted ?? false;
  } else if (store.unsaved > 0) {
    store.save();
  }

  const reported = modelsInColumns(store.columns, known);
  const failures = collectFailures(store, reported, store.lines);
  const summary: RunSummary = { outputFile: options.outputFile, metrics: [], failures, cancelled, notes: [], loadSeconds: meta.loadSeconds() };
  if (!options.skipMetrics) {
    const intervals = options.confidenceIntervals !== false;
    summary.metrics = computeMetrics(store, fields, reported, options.scoreOptions, meta.performance(), intervals ? {} : false);
    if (typed) addJsonTaskMetrics(summary.metrics, store, typed.types);
    const rougeNote =
      (options.scoreOptions?.rougeTokenizer ?? "default") === "unicode"
        ? "ROUGE columns use the unicode tokenizer (letters of every script kept): not comparable with rouge_score."
        : "ROUGE columns use rouge_score's default tokenizer, which drops non-ASCII letters such as umlauts and ß.";
    summary.notes.push(rougeNote);
    emit({ type: "log", level: "info", message: rougeNote });
    const bertScoreNote = await fillBertScore(summary.metrics, store, options.bertScoreModel);
    if (bertScoreNote) {
      summary.notes.push(bertScoreNote);
      emit({ type: "log", level: options.bertScoreModel ? "warn" : "info", message: bertScoreNote });
    }
    writeFileAtomic(options.metricsFile, formatMetricsCsv(summary.metrics, { intervals }));
    summary.metricsFile = options.metricsFile;
  }
  store.close(); // a run that throws leaves this to the store's finalizer
  return summary;
}

/** The lock of the results file, so that no second run writes it at the same time (see ResultsLock). */
function takeLock(options: RunOptions, models: readonly ModelSpec[], emit: RunEventListener): ResultsLock {
  const command = options.runBy ?? process.argv.slice(1).join(" ");
  const log = (level: "info" | "warn", message: string): void => emit({ type: "log", level, message });
  // Re-scoring may read results in a read-only folder; it writes them only to fold in a journal.
  return ResultsLock.acquire(options.outputFile, { command, models: models.map((m) => m.name) }, { log, optional: options.skipInference });
}

/** A model run would overwrite an input column that happens to have one of its column names. */
function checkNoClash(csvFile: string, columns: readonly string[], fields: readonly string[], models: readonly ModelSpec[]): void {
  for (const spec of models) {
    const clash = modelColumns(spec.name, fields).find((c) => columns.includes(c));
    if (clash === undefined) continue;
    throw new CsvError(
      `${csvFile} has a column "${clash}", which is where model "${spec.name}" writes its output, so running it ` +
        `would overwrite that column in the results. Rename the column, or give the model another name.`,
      csvFile,
      1,
    );
  }
}

/**
 * The models whose columns the results hold: those the meta file records, plus this run's. Without a meta file
 * (results of an older version or the seed CLI, or copied without it) they are found by column name, leaving out
 * the input CSV's own columns unless the input is the results file (re-scoring in place); a run that goes on to
 * write the meta file records those models there, so they stay models.
 */
function knownModels(meta: RunMeta, columns: readonly string[], inputColumns: readonly string[], models: readonly ModelSpec[], inPlace: boolean): string[] {
  let recorded = meta.models();
  if (recorded === undefined) {
    const fromInput = new Set(inPlace ? [] : inputColumns);
    recorded = modelsInColumns(columns.filter((c) => !fromInput.has(c)));
    meta.adoptByName(recorded.filter((m) => !models.some((spec) => spec.name === m)));
  }
  return [...new Set([...recorded, ...models.map((m) => m.name)])];
}

/** Columns named like results columns that belong to no model stay as they are, as plain columns; say so. */
function warnStrayColumns(columns: readonly string[], known: readonly string[], inputColumns: readonly string[], options: RunOptions, metaFile: string, emit: RunEventListener): void {
  const stray = strayResultColumns(columns, known);
  if (stray.length === 0) return;
  const file = stray.every((c) => inputColumns.includes(c)) ? options.csvFile : options.outputFile;
  const shown = stray.slice(0, 10).map((c) => `"${c}"`).join(", ") + (stray.length > 10 ? ` and ${stray.length - 10} more` : "");
  const one = stray.length === 1;
  const looks = one ? `column ${shown} looks like a results column` : `columns ${shown} look like results columns`;
  const message =
    `${file}: ${looks} (pred_*, raw_*) but belong${one ? "s" : ""} to no model of this run or recorded in ${metaFile}; ` +
    `kept unchanged as ${one ? "an ordinary column" : "ordinary columns"}, neither target field nor model.`;
  emit({ type: "log", level: "warn", message });
}

async function readPrompt(file: string): Promise<string> {
  let template: string;
  try {
    template = await readFile(file, "utf8");
  } catch (error) {
    throw new PromptError(`Cannot read the prompt file ${file}: ${(error as Error).message}`, file);
  }
  parseTemplate(template, file); // no placeholder at all is refused before the CSV is read
  return template;
}

function checkModelFile(spec: ModelSpec): void {
  if (spec.source.kind === "file" && !existsSync(spec.source.path)) {
    throw new ModelFileMissingError(
      `Model "${spec.name}": file ${spec.source.path} does not exist. Check the path in your model entry ` +
        `(setting promptBench.models or --models-file) or pass an existing .gguf to --model.`,
      spec.source.path,
      spec.source.path,
    );
  }
  for (const adapter of spec.lora ?? []) {
    if (existsSync(adapter.path)) continue;
    throw new ModelFileMissingError(
      `Model "${spec.name}": LoRA adapter ${adapter.path} does not exist. Check "lora" in the entry ` +
        `"${spec.name}" (setting promptBench.models or --models-file); relative paths are relative to the models ` +
        `file's folder (the workspace folder for the setting).`,
      adapter.path,
      adapter.path,
    );
  }
}

/** An endpoint entry's prices (undefined keys clear an earlier run's prices from meta.json). */
function entryPrices(spec: ModelSpec): Pick<ModelRunInfo, "pricePer1kInput" | "pricePer1kOutput"> {
  const source = spec.source.kind === "endpoint" ? spec.source : undefined;
  return { pricePer1kInput: source?.pricePer1kInput, pricePer1kOutput: source?.pricePer1kOutput };
}

/** The run's sampling for meta.json; undefined when greedy, so results made before sampling settings still resume. */
function samplingInfo(options: RunOptions): string | undefined {
  const text = describeSampling(options.sampling);
  return text === "greedy" ? undefined : text;
}

function describeSource(spec: ModelSpec): string {
  return sourceText(spec.source);
}

function collectFailures(store: ResultsStore, models: readonly string[], lines: readonly number[]): RowFailure[] {
  const failures: RowFailure[] = [];
  for (const model of models) {
    for (let row = 0; row < store.rowCount; row++) {
      if (store.get(row, factColumn(model, "valid")) !== "false") continue;
      failures.push({ rowIndex: row, line: lines[row] ?? 0, model, error: store.get(row, factColumn(model, "error")) });
    }
  }
  return failures;
}
