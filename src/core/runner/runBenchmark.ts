import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { requireSourceColumn } from "../csv/read";
import { CsvError } from "../errors/csvError";
import { PromptError } from "../errors/promptError";
import { ModelFileMissingError } from "../errors/modelFileMissingError";
import { targetFields } from "../fields";
import { writeFileAtomic } from "../fs/atomicWrite";
import { computeMetrics } from "../metrics/computeMetrics";
import { fillBertScore } from "../metrics/bertScoreColumn";
import { formatMetricsCsv } from "../metrics/metricsCsv";
import { checkTemplate } from "../prompt/render";
import type { ModelSpec } from "../registry/modelSpec";
import { describeLora } from "../registry/lora";
import { sourceText } from "../registry/sourceText";
import { factColumn, modelsInColumns } from "../results/columns";
import { readInputTable } from "../results/inputTable";
import { checkOutputPaths, prepareOutputFolders } from "../results/outputSafety";
import { ResultsStore } from "../results/resultsStore";
import { RunMeta, sha256, type ModelRunInfo } from "../results/runMeta";
import { jsonSchemaFor } from "../schema/jsonSchema";
import type { RunOptions, RunSummary, RowFailure } from "./options";
import { runModel } from "./runModel";

/**
 * Runs every selected model over every row not yet done, saving as it goes, then writes the metrics CSV.
 * All input is checked before anything is written, so a bad CSV, prompt or model never touches earlier results.
 */
export async function runBenchmark(options: RunOptions): Promise<RunSummary> {
  const emit = options.onEvent ?? (() => undefined);
  checkOutputPaths(options); // an output that is the input CSV or the prompt is refused before anything is read
  // Re-scoring saved results needs no prompt.
  const template = options.skipInference ? "" : await readPrompt(options.promptFile);
  const input = await readInputTable(options.csvFile);
  requireSourceColumn(input);
  const fields = targetFields(input.columns);
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

  for (const folder of prepareOutputFolders(options)) emit({ type: "log", level: "info", message: `created the folder ${folder} for the run's output` });
  const store = ResultsStore.open(options.outputFile, input, fields, models.map((m) => m.name), { everyRows: options.saveEveryRows });
  let cancelled = false;
  const meta = RunMeta.open(options.outputFile);
  if (models.length > 0) {
    if (!options.engine) throw new Error("runBenchmark: an engine is required unless skipInference");
    const promptSha256 = sha256(template);
    for (const spec of models) {
      const info = { source: describeSource(spec), promptSha256, maxNewTokens: options.maxNewTokens, constrained: options.constrained, maxReasoningTokens: options.maxReasoningTokens, lora: describeLora(spec.lora) };
      if (store.rowCount > 0 && [...Array(store.rowCount).keys()].some((row) => store.isDone(row, spec.name))) meta.checkCompatible(spec.name, info, options.outputFile);
    }
    if (store.unsaved > 0) store.save(); // rows recovered from an interrupted run's journal
    for (const [modelIndex, spec] of models.entries()) {
      if (options.signal?.aborted) break;
      const info: ModelRunInfo = { source: describeSource(spec), promptSha256, maxNewTokens: options.maxNewTokens, constrained: options.constrained, maxReasoningTokens: options.maxReasoningTokens, lora: describeLora(spec.lora), ...entryPrices(spec) };
      // Keep what was measured before (load time, power) until this run measures it again.
      meta.record(spec.name, { ...meta.get(spec.name), ...info });
      const finished = await runModel({
        spec,
        modelIndex,
        modelCount: models.length,
        engine: options.engine,
        store,
        sources: store.sources,
        template,
        fields,
        maxNewTokens: options.maxNewTokens,
        maxReasoningTokens: options.maxReasoningTokens,
        jsonSchema: options.constrained ? jsonSchemaFor(fields) : undefined,
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

  const reported = modelsInColumns(store.columns);
  const failures = collectFailures(store, reported, store.lines);
  const summary: RunSummary = { outputFile: options.outputFile, metrics: [], failures, cancelled, notes: [], loadSeconds: meta.loadSeconds() };
  if (!options.skipMetrics) {
    summary.metrics = computeMetrics(store, fields, reported, options.scoreOptions, meta.performance());
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
    writeFileAtomic(options.metricsFile, formatMetricsCsv(summary.metrics));
    summary.metricsFile = options.metricsFile;
  }
  store.close(); // a run that throws leaves this to the store's finalizer
  return summary;
}

async function readPrompt(file: string): Promise<string> {
  let template: string;
  try {
    template = await readFile(file, "utf8");
  } catch (error) {
    throw new PromptError(`Cannot read the prompt file ${file}: ${(error as Error).message}`, file);
  }
  checkTemplate(template, file);
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
