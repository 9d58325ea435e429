import type { Engine, LoadedModel } from "../../engines/engine";
import { ModelDoesNotFitError } from "../errors/modelDoesNotFitError";
import { PowerSampler, type PowerResult, type PowerSamplerOptions } from "../hardware/powerSampler";
import { describeUnavailable, hardwareRecord, type HardwareRecord } from "../hardware/hardwareRecord";
import type { ModelSpec } from "../registry/modelSpec";
import { factColumn, predColumn, rawColumn } from "../results/columns";
import type { ResultsStore } from "../results/resultsStore";
import { parseOutput } from "../schema/extract";
import { renderPrompt } from "../prompt/render";
import { downloadEventEmitter } from "./downloadEvents";
import type { RunEventListener } from "./events";

export interface ModelJob {
  spec: ModelSpec;
  modelIndex: number;
  modelCount: number;
  engine: Engine;
  store: ResultsStore;
  sources: readonly string[];
  template: string;
  fields: readonly string[];
  maxNewTokens: number;
  /** Cap on reasoning tokens per row (thinking models); undefined = none. */
  maxReasoningTokens?: number;
  jsonSchema?: Record<string, unknown>;
  saveEveryRows: number;
  saveEverySeconds: number;
  signal?: AbortSignal;
  emit: RunEventListener;
  /** Sample GPU power during inference (after load, until the model ends); false: don't. */
  power?: PowerSamplerOptions | false;
  /** Receives the power figures (or why there are none) once this model's inference window ends. */
  onPower?: (result: PowerResult) => void;
  /** Receives the model's hardware facts and memory peaks (or why there are none) when its window ends. */
  onHardware?: (record: HardwareRecord) => void;
  /** Called when the model is skipped because it does not fit the free memory, with the reason. */
  onSkip?: (reason: string) => void;
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
    loaded = await job.engine.load(spec, { signal: job.signal, onDownload: downloadEventEmitter(model, emit) });
  } catch (error) {
    // Cancelled while downloading or loading: the run ends as cancelled (a partial download is kept), not failed.
    if (job.signal?.aborted) return false;
    if (!(error instanceof ModelDoesNotFitError)) throw error;
    // A model too big for this machine must not end the run; its rows stay empty so a bigger machine resumes them.
    emit({ type: "log", level: "warn", message: `${error.message}. Skipped; its rows stay empty (rerun with more free memory to run them).` });
    job.onSkip?.(error.report.reason);
    emit({ type: "model-done", model, skipped: true, reason: error.report.reason });
    return true;
  }
  emit({ type: "model-loaded", model, loadSeconds: loaded.loadSeconds });
  let lastSave = Date.now();
  let seconds = 0;
  let tokensOut = 0;
  const sampler = job.power === false ? undefined : new PowerSampler(job.power);
  sampler?.start();
  try {
    for (const row of pending) {
      if (job.signal?.aborted) return false;
      const cells = await runRow(job, loaded, row);
      // A generation cut short by cancel is not a result: the row runs again next time.
      if (job.signal?.aborted) return false;
      store.setRow(row, cells);
      rowsDone++;
      seconds += Number(cells[factColumn(model, "seconds")]);
      tokensOut += Number(cells[factColumn(model, "tokens_out")]);
      const valid = cells[factColumn(model, "valid")] === "true";
      emit({ type: "row-done", model, modelIndex: job.modelIndex, modelCount: job.modelCount, rowIndex: row, rowsDone, rowsTotal, valid, tokensPerSec: seconds > 0 ? tokensOut / seconds : 0 });
      if (store.unsaved >= job.saveEveryRows || Date.now() - lastSave >= job.saveEverySeconds * 1000) {
        store.save();
        lastSave = Date.now();
        emit({ type: "saved", path: store.file, rowsDone });
      }
    }
  } finally {
    const hardware = hardwareRecord(job.engine.id, loaded.facts, loaded.memoryPeak?.());
    const missing = describeUnavailable(model, hardware.hardwareUnavailable);
    if (missing) emit({ type: "log", level: "info", message: missing });
    job.onHardware?.(hardware);
    if (sampler) {
      const power = await sampler.stop();
      if ("unavailable" in power) emit({ type: "log", level: "info", message: `${model}: no GPU power figures (${power.unavailable})` });
      job.onPower?.(power);
    }
    if (store.unsaved > 0) {
      store.save();
      emit({ type: "saved", path: store.file, rowsDone });
    }
    await loaded.dispose();
  }
  emit({ type: "model-done", model, skipped: false });
  return true;
}

async function runRow(job: ModelJob, loaded: LoadedModel, row: number): Promise<Record<string, string>> {
  const model = job.spec.name;
  const cells: Record<string, string> = {};
  const prompt = renderPrompt(job.template, job.sources[row] ?? "");
  const started = Date.now();
  try {
    const result = await loaded.generate({ prompt, maxNewTokens: job.maxNewTokens, maxReasoningTokens: job.maxReasoningTokens, jsonSchema: job.jsonSchema, signal: job.signal });
    const parsed = parseOutput(result.text, job.fields, { tokensOut: result.tokensOut });
    for (const field of job.fields) cells[predColumn(model, field)] = parsed.ok ? (parsed.values[field] ?? "") : "";
    cells[rawColumn(model)] = result.text;
    cells[factColumn(model, "valid")] = String(parsed.ok);
    cells[factColumn(model, "error")] = parsed.ok ? "" : parsed.error;
    cells[factColumn(model, "tokens_in")] = String(result.tokensIn);
    cells[factColumn(model, "tokens_out")] = String(result.tokensOut);
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
  }
  return cells;
}
