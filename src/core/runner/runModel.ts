import type { Engine, LoadedModel, LoadWorkload } from "../engine/engine";
import type { SamplingSettings } from "../engine/sampling";
import { PowerSampler, type PowerResult, type PowerSamplerOptions } from "../hardware/powerSampler";
import { describeUnavailable, hardwareRecord, type HardwareRecord } from "../hardware/hardwareRecord";
import type { ModelSpec } from "../registry/modelSpec";
import { factColumn, predColumn, rawColumn } from "../results/columns";
import type { ResultsStore } from "../results/resultsStore";
import { parseOutput } from "../schema/extract";
import type { FieldTypes } from "../typed/fieldType";
import { downloadEventEmitter } from "./downloadEvents";
import type { RunEventListener } from "./events";
import { runRowWorkers } from "./rowWorkers";
import { skipFor } from "./skipReason";

export interface ModelJob {
  spec: ModelSpec;
  modelIndex: number;
  modelCount: number;
  engine: Engine;
  store: ResultsStore;
  /** Each row's prompt, rendered from the template when read. */
  prompts: readonly string[];
  /** The text every prompt starts with (before the first placeholder). */
  promptPrefix: string;
  fields: readonly string[];
  maxNewTokens: number;
  /** Cap on reasoning tokens per row (thinking models); undefined = none. */
  maxReasoningTokens?: number;
  jsonSchema?: Record<string, unknown>;
  sampling?: SamplingSettings;
  /** Declared field types from the schema file; undefined: string fields. */
  fieldTypes?: FieldTypes;
  signal?: AbortSignal;
  emit: RunEventListener;
  /** Sample GPU power during inference (after load, until the model ends); false: don't. */
  power?: PowerSamplerOptions | false;
  /** Receives the power figures (or why there are none) once this model's inference window ends. */
  onPower?: (result: PowerResult) => void;
  /** Receives the model's hardware facts and memory peaks (or why there are none) when its window ends. */
  onHardware?: (record: HardwareRecord) => void;
  /** Called when the model is skipped (it does not fit the free memory, or its file cannot be loaded), with the reason. */
  onSkip?: (reason: string) => void;
  /** Wall seconds of this session's inference window, the rows it finished and how many ran at once. */
  onInference?: (window: InferenceWindow) => void;
}

export interface InferenceWindow {
  wallSeconds: number;
  rows: number;
  parallel: number;
}

/** Runs one model over the rows it has not finished yet. Returns false when cancelled. */
export async function runModel(job: ModelJob): Promise<boolean> {
  const { spec, store, emit } = job;
  const model = spec.name;
  const pending = [...Array(store.rowCount).keys()].filter((row) => !store.isDone(row, model));
  const rowsTotal = store.rowCount;
  let rowsDone = rowsTotal - pending.length;
  emit({ type: "model-start", model, modelIndex: job.modelIndex, modelCount: job.modelCount, rowsTotal, rowsDone });
  if (pending.length === 0) {
    emit({ type: "log", level: "info", message: `${model}: all ${rowsTotal} rows already done, skipping` });
    emit({ type: "model-done", model, skipped: true, reason: "already complete" });
    return true;
  }
  if (rowsDone > 0) emit({ type: "log", level: "info", message: `${model}: resuming, ${rowsDone}/${rowsTotal} rows already done` });

  let loaded: LoadedModel;
  try {
    loaded = await job.engine.load(spec, { signal: job.signal, onDownload: downloadEventEmitter(model, emit), workload: workload(job, pending) });
  } catch (error) {
    // Cancelled while downloading or loading: the run ends as cancelled (a partial download is kept), not failed.
    if (job.signal?.aborted) return false;
    const skip = skipFor(error);
    if (!skip) throw error;
    // A model too big for this machine, or a broken file, must not end the run; its rows stay empty for a rerun.
    emit({ type: "log", level: "warn", message: `${(error as Error).message.replace(/\.$/, "")}. Skipped; its rows stay empty (${skip.advice}).` });
    job.onSkip?.(skip.reason);
    emit({ type: "model-done", model, skipped: true, reason: skip.reason });
    return true;
  }
  emit({ type: "model-loaded", model, loadSeconds: loaded.loadSeconds });
  let seconds = 0;
  let tokensOut = 0;
  const sampler = job.power === false ? undefined : new PowerSampler(job.power);
  sampler?.start();
  const parallel = Math.max(1, loaded.parallelism ?? 1);
  const inferenceStarted = performance.now();
  let rowsThisWindow = 0;
  let failed = false;
  try {
    // Rows run `parallel` at a time and may finish out of order; each lands in its own row. A generation cut short
    // by cancel is not a result (runRowWorkers drops it): the row runs again next time.
    const finished = await runRowWorkers({
      rows: pending,
      workers: parallel,
      signal: job.signal,
      run: (row, signal) => runRow(job, loaded, row, signal),
      done: (row, cells) => {
        store.setRow(row, cells);
        rowsDone++;
        rowsThisWindow++;
        seconds += Number(cells[factColumn(model, "seconds")]);
        tokensOut += Number(cells[factColumn(model, "tokens_out")]) || 0;
        const valid = cells[factColumn(model, "valid")] === "true";
        // Parallel rows overlap, so their seconds add up to more than the wall time: rate them by the wall clock.
        const rateSeconds = parallel > 1 ? (performance.now() - inferenceStarted) / 1000 : seconds;
        emit({ type: "row-done", model, modelIndex: job.modelIndex, modelCount: job.modelCount, rowIndex: row, rowsDone, rowsTotal, valid, tokensPerSec: rateSeconds > 0 ? tokensOut / rateSeconds : 0 });
        // The journal already holds the row; the full rewrite runs by time and journal size (ResultsStore.saveDue).
        if (store.saveDue()) {
          store.save();
          emit({ type: "saved", path: store.file, rowsDone });
        }
      },
    });
    if (!finished) return false;
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // Every step runs even when one fails (a full disk fails them all); the run's own error, if any, is the one
    // reported, else the first step's, and the model is disposed either way.
    const errors: unknown[] = [];
    const step = async (work: () => unknown): Promise<void> => {
      try {
        await work();
      } catch (error) {
        errors.push(error);
      }
    };
    await step(() => {
      if (rowsThisWindow > 0) job.onInference?.({ wallSeconds: (performance.now() - inferenceStarted) / 1000, rows: rowsThisWindow, parallel });
    });
    await step(() => {
      const hardware = hardwareRecord(job.engine.id, loaded.facts, loaded.memoryPeak?.());
      const missing = describeUnavailable(model, hardware.hardwareUnavailable);
      if (missing) emit({ type: "log", level: "info", message: missing });
      job.onHardware?.(hardware);
    });
    await step(async () => {
      if (!sampler) return;
      const power = await sampler.stop();
      if ("unavailable" in power) emit({ type: "log", level: "info", message: `${model}: no GPU power figures (${power.unavailable})` });
      job.onPower?.(power);
    });
    await step(() => {
      if (store.unsaved === 0) return;
      store.save();
      emit({ type: "saved", path: store.file, rowsDone });
    });
    await step(() => loaded.dispose());
    // eslint-disable-next-line no-unsafe-finally -- only when the block itself did not throw
    if (!failed && errors.length > 0) throw errors[0];
  }
  emit({ type: "model-done", model, skipped: false });
  return true;
}

/** The longest prompts of the rows to run (a few, by characters), so the engine can size its context for them. */
function workload(job: ModelJob, pending: readonly number[], count = 16): LoadWorkload {
  const longest: Array<{ row: number; length: number }> = [];
  for (const row of pending) {
    const length = job.prompts[row]?.length ?? 0;
    if (longest.length === count && length <= longest[count - 1]!.length) continue;
    longest.push({ row, length });
    longest.sort((a, b) => b.length - a.length);
    if (longest.length > count) longest.pop();
  }
  return {
    rows: pending.length,
    maxNewTokens: job.maxNewTokens,
    longestPrompts: longest.map(({ row }) => job.prompts[row] ?? ""),
    promptPrefix: job.promptPrefix,
  };
}

async function runRow(job: ModelJob, loaded: LoadedModel, row: number, signal: AbortSignal): Promise<Record<string, string>> {
  const model = job.spec.name;
  const cells: Record<string, string> = {};
  const prompt = job.prompts[row] ?? "";
  const started = Date.now();
  try {
    const result = await loaded.generate({ prompt, maxNewTokens: job.maxNewTokens, maxReasoningTokens: job.maxReasoningTokens, jsonSchema: job.jsonSchema, sampling: job.sampling, signal });
    const parsed = parseOutput(result.text, job.fields, { tokensOut: result.tokensOut, types: job.fieldTypes });
    for (const field of job.fields) cells[predColumn(model, field)] = parsed.ok ? (parsed.values[field] ?? "") : "";
    cells[rawColumn(model)] = result.text;
    cells[factColumn(model, "valid")] = String(parsed.ok);
    cells[factColumn(model, "error")] = parsed.ok ? "" : parsed.error;
    // NaN: the engine could not tell (a server without `usage`), so the cell stays empty rather than a made-up 0.
    cells[factColumn(model, "tokens_in")] = Number.isFinite(result.tokensIn) ? String(result.tokensIn) : "";
    cells[factColumn(model, "tokens_out")] = Number.isFinite(result.tokensOut) ? String(result.tokensOut) : "";
    cells[factColumn(model, "retries")] = result.retries === undefined ? "" : String(result.retries);
    cells[factColumn(model, "seconds")] = result.seconds.toFixed(4);
    cells[factColumn(model, "ttft_s")] = result.ttftSeconds === undefined ? "" : result.ttftSeconds.toFixed(4);
    // Empty when the engine cannot tell reasoning apart, so the metrics column stays empty rather than 0.
    cells[factColumn(model, "tokens_reasoning")] = result.reasoningTokens === undefined ? "" : String(result.reasoningTokens);
  } catch (error) {
    // One failing row (e.g. a prompt longer than the context) must not end a long run: record it and go on.
    for (const field of job.fields) cells[predColumn(model, field)] = "";
    cells[rawColumn(model)] = "";
    cells[factColumn(model, "valid")] = "false";
    cells[factColumn(model, "error")] = `generation failed: ${error instanceof Error ? error.message : String(error)}`;
    cells[factColumn(model, "tokens_in")] = "0";
    cells[factColumn(model, "tokens_out")] = "0";
    cells[factColumn(model, "tokens_reasoning")] = "";
    cells[factColumn(model, "seconds")] = ((Date.now() - started) / 1000).toFixed(4);
    cells[factColumn(model, "ttft_s")] = "";
    // Remote engines say how often the row was retried before they gave up.
    const retries = (error as { retries?: unknown } | null)?.retries;
    cells[factColumn(model, "retries")] = typeof retries === "number" ? String(retries) : "";
  }
  return cells;
}
