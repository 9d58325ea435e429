import { availableParallelism } from "node:os";
import type { Engine, EngineLoadOptions, FitReport, LoadedModel, LoadWorkload } from "../../core/engine/engine";
import { ModelDoesNotFitError } from "../../core/errors/modelDoesNotFitError";
import { ModelFileMissingError } from "../../core/errors/modelFileMissingError";
import { estimateFitReport } from "../../core/registry/memoryFit";
import { MODEL_FACTS } from "../../core/registry/modelFacts";
import type { ModelSpec } from "../../core/registry/modelSpec";
import { describeLora } from "../../core/registry/lora";
import { printable } from "../../core/text/untrustedText";
import { checkChatTemplate, chooseChatWrapper, templateCheckEnabled, type ChatTemplateOptions } from "./chatTemplate";
import { asFitError, checkModelFit, freeMemory } from "./fit";
import { checkGgufFile } from "./ggufCheck";
import { loadFailure } from "./loadErrors";
import { NativeLog } from "./nativeLog";
import type { TemplateProbe, TemplateProbeLimits } from "./templateProbe";
import { chatPromptTokens, LlamaCppLoadedModel } from "./loadedModel";
import { applyGpuDevices } from "./gpuDevices";
import { planParallel, rowTokens } from "./parallelPlan";
import { readModelFacts } from "./hardwareFacts";
import { createMemoryPeakSampler } from "./memoryPeak";
import { contextLora, isLoraCpuFallback, loraLoadError } from "./lora";
import { loadNodeLlamaCpp, type Llama, type NLC } from "./nodeLlamaCpp";
import { resolveModel } from "./resolveModel";
import { defaultThreads } from "./threads";

export type EngineLogLevel = "info" | "warn" | "error";

export interface LlamaCppEngineOptions {
  /** Folder that `uri` models are resolved from and downloaded to. */
  modelsDir: string;
  /** CPU threads; default: see defaultThreads (free cores − 1, at most the physical cores). */
  threads?: number;
  /** "auto" (default) uses a GPU when node-llama-cpp finds one; false forces the CPU. */
  gpu?: "auto" | false;
  /** Sampling seed (decoding is greedy, so it only matters to samplers that use it). Default 1. */
  seed?: number;
  /** Context size in tokens per sequence; default: the run's longest prompt + max new tokens (see parallelPlan). */
  contextSize?: number;
  /** Rows decoded at once (context sequences); 0 or undefined = auto (see planParallel). */
  parallelRows?: number;
  /** Keep the shared prompt prefix in the KV cache between rows (default true; false re-evaluates every prompt). */
  reusePrefix?: boolean;
  /** Download `uri` models missing from modelsDir (default true: the user picked them). Tests pass false. */
  allowDownload?: boolean;
  /** Hugging Face token for gated repositories; default: HF_TOKEN, HUGGING_FACE_HUB_TOKEN, ~/.cache/huggingface/token. */
  hfToken?: string;
  /** Most VRAM / RAM a model and its context may use, bytes (node-llama-cpp's setVramCap / setRamCap); models that
   * need more are skipped. Default: no cap (free memory minus node-llama-cpp's padding). */
  vramCapBytes?: number;
  ramCapBytes?: number;
  /** GPU indexes to use ("0,1"); undefined = every GPU (llama.cpp splits layers over them). See gpuDevices.ts. */
  gpuDevices?: string;
  /** Render the GGUF's chat template in a worker with a time and memory budget before using it (see
   * docs/SECURITY.md); default: on unless PROMPT_BENCH_TEMPLATE_CHECK=off. `templateLimits` is for tests. */
  templateCheck?: boolean;
  templateLimits?: TemplateProbeLimits;
  log?: (level: EngineLogLevel, message: string) => void;
}

const DEFAULT_MAX_CONTEXT = 8192;
/** Whether a GPU backend was started in this process: device visibility is read once, at the first start. */
let backendStarted = false;

/** The node-llama-cpp engine: one Llama per engine, one model loaded at a time. */
export function createLlamaCppEngine(options: LlamaCppEngineOptions): Engine {
  let llamaPromise: Promise<Llama> | undefined;
  let current: LoadedModel | undefined;
  const log = options.log ?? (() => undefined);
  /** llama.cpp's last error line: node-llama-cpp's LoRA errors leave the reason out. */
  let lastNativeError: string | undefined;
  /** llama.cpp's error lines: the reason a model file failed to load is only there. */
  const nativeLog = new NativeLog();

  const getLlama = (): Promise<Llama> => {
    llamaPromise ??= (async () => {
      if (options.gpuDevices !== undefined && options.gpu !== false) {
        const note = applyGpuDevices(options.gpuDevices, process.env, backendStarted);
        log(note.level, note.message);
      }
      backendStarted = true;
      const nlc = await loadNodeLlamaCpp();
      const levels = nlc.LlamaLogLevel;
      const llama = await nlc.getLlama({
        gpu: options.gpu === false ? false : "auto",
        maxThreads: options.threads ?? defaultThreads(availableParallelism()),
        logLevel: levels.warn,
        logger: (level, message) => {
          // The lines quote the model file (an architecture name, tensor names): no terminal escapes from there.
          const text = printable(message.trim(), 2000);
          if (!text) return;
          const ours = level === levels.error || level === levels.fatal ? "error" : level === levels.warn ? "warn" : "info";
          if (ours === "error") {
            lastNativeError = text;
            nativeLog.push(text);
          }
          log(isLoraCpuFallback(text) ? "info" : ours, text);
        },
      });
      if (options.vramCapBytes !== undefined) await llama.setVramCap(options.vramCapBytes);
      if (options.ramCapBytes !== undefined) await llama.setRamCap(options.ramCapBytes);
      return llama;
    })();
    return llamaPromise;
  };

  return {
    id: "node-llama-cpp",
    async load(spec: ModelSpec, loadOptions: EngineLoadOptions = {}): Promise<LoadedModel> {
      const signal = loadOptions.signal;
      // Endpoint models go to the OpenAI-compatible engine (src/engines/router.ts).
      if (spec.source.kind === "endpoint") throw new Error(`${spec.name} is served by ${spec.source.endpoint}, not by node-llama-cpp`);
      if (current) {
        log("warn", `${current.spec.name} was still loaded when ${spec.name} was requested; disposing it first`);
        await current.dispose();
      }
      const modelPath = await resolveModel(spec.source, {
        modelsDir: options.modelsDir,
        allowDownload: options.allowDownload ?? true,
        signal,
        log,
        onDownload: loadOptions.onDownload,
        hfToken: options.hfToken,
      });
      checkGgufFile(spec.name, modelPath);
      const nlc = await loadNodeLlamaCpp();
      const llama = await getLlama();
      const threads = options.threads ?? defaultThreads(availableParallelism(), llama.cpuMathCores);
      // A file node-llama-cpp or llama.cpp cannot read becomes a ModelLoadError: the runner skips the model.
      const mark = nativeLog.mark();
      const template: { probe?: TemplateProbe } = {}; // started once the GGUF is read; stopped if the load fails
      const cannotLoad = async (error: unknown): Promise<never> => {
        template.probe?.cancel();
        const fitError = asFitError(spec.name, error, nlc);
        throw fitError === error ? await loadFailure(spec.name, modelPath, error, nlc, nativeLog, mark) : fitError;
      };
      const info = await nlc.readGgufFileInfo(modelPath, { logWarnings: false, signal }).catch(cannotLoad);
      // The chat template is checked in a worker while the memory check and the load run (see chatTemplate.ts).
      template.probe = (options.templateCheck ?? templateCheckEnabled()) ? checkChatTemplate(info, options.templateLimits) : undefined;
      const templates: ChatTemplateOptions = { file: modelPath, log, verdict: template.probe?.verdict };
      let fit = await checkModelFit(llama, modelPath, { contextSize: options.contextSize, maxContextSize: DEFAULT_MAX_CONTEXT, signal, info }).catch(cannotLoad);
      let budgetTokens = options.contextSize ?? DEFAULT_MAX_CONTEXT;
      if (!fit.fits && options.contextSize === undefined && loadOptions.workload) {
        // The check above assumed a full-size context; the rows may need far less (a 32B model's 8,192-token KV
        // cache is ~2 GB). One sequence sized to the longest row is the least the run needs: check that.
        const rowContext = await workloadTokens(llama, nlc, modelPath, loadOptions.workload, templates, signal).catch(cannotLoad);
        if (rowContext !== undefined && rowContext < budgetTokens) {
          const smaller = await checkModelFit(llama, modelPath, { contextSize: rowContext, maxContextSize: rowContext, signal, info }).catch(cannotLoad);
          if (smaller.fits) {
            fit = { ...smaller, reason: `${smaller.reason}, with a ${rowContext}-token context sized to the rows` };
            budgetTokens = rowContext;
          }
        }
      }
      if (!fit.fits) {
        template.probe?.cancel();
        throw new ModelDoesNotFitError(spec.name, fit);
      }
      log("info", `${spec.name}: ${fit.reason}`);
      const started = performance.now();
      const model = await llama.loadModel({ modelPath, gpuLayers: "auto", loadSignal: signal }).catch(cannotLoad);
      try {
        lastNativeError = undefined;
        const chatWrapper = await chooseChatWrapper(nlc, llama, model, templates);
        const workload = loadOptions.workload;
        const plan = planParallel({
          parallelRows: options.parallelRows,
          contextSize: options.contextSize,
          gpu: llama.gpu !== false,
          rows: workload?.rows,
          longestPromptTokens: workload && workload.longestPrompts.length > 0
            ? Math.max(...workload.longestPrompts.map((prompt) => chatPromptTokens(chatWrapper, model, prompt)))
            : undefined,
          maxNewTokens: workload?.maxNewTokens,
          budgetTokens: Math.min(budgetTokens, model.trainContextSize),
          trainContextSize: model.trainContextSize,
          defaultMax: DEFAULT_MAX_CONTEXT,
        });
        // The memory check covered one context of budgetTokens; more parallel rows than that is the user's call,
        // and node-llama-cpp's own check at createContext turns a context that cannot fit into a skip.
        const context = await model.createContext({
          contextSize: plan.contextSize,
          sequences: plan.sequences,
          threads,
          createSignal: signal,
          lora: contextLora(spec),
        }).catch((error: unknown) => {
          throw loraLoadError(spec, modelPath, error, lastNativeError);
        });
        const sessions = Array.from({ length: plan.sequences }, () => new nlc.LlamaChatSession({ contextSequence: context.getSequence(), chatWrapper }));
        const loadSeconds = (performance.now() - started) / 1000;
        log("info", `${spec.name}: loaded ${modelPath} in ${loadSeconds.toFixed(1)} s (gpu: ${llama.gpu || "none"}, ` +
          `threads: ${threads}, context: ${context.contextSize} tokens per row, ${plan.reason}, template: ${chatWrapper.wrapperName}` +
          `${spec.lora?.length ? `, lora: ${describeLora(spec.lora)}` : ""})`);
        const facts = await readModelFacts(llama, model, modelPath);
        const memory = createMemoryPeakSampler(llama);
        memory.start();
        const loaded: LoadedModel = new LlamaCppLoadedModel({
          spec, loadSeconds, llama, model, context, sessions, reusePrefix: options.reusePrefix ?? true, promptPrefix: workload?.promptPrefix, seed: options.seed ?? 1, facts, memory,
          onDispose: () => {
            if (current === loaded) current = undefined;
          },
        });
        current = loaded;
        return loaded;
      } catch (error) {
        template.probe?.cancel();
        await model.dispose();
        throw asFitError(spec.name, error, nlc);
      }
    },
    async checkFit(spec: ModelSpec, checkOptions: { signal?: AbortSignal } = {}): Promise<FitReport | undefined> {
      if (spec.source.kind === "endpoint") return undefined;
      const llama = await getLlama();
      try {
        const modelPath = await resolveModel(spec.source, { modelsDir: options.modelsDir, allowDownload: false, signal: checkOptions.signal });
        checkGgufFile(spec.name, modelPath);
        const mark = nativeLog.mark();
        return await checkModelFit(llama, modelPath, { contextSize: options.contextSize, maxContextSize: DEFAULT_MAX_CONTEXT, signal: checkOptions.signal })
          .catch(async (error: unknown) => {
            throw await loadFailure(spec.name, modelPath, error, await loadNodeLlamaCpp(), nativeLog, mark);
          });
      } catch (error) {
        if (!(error instanceof ModelFileMissingError)) throw error;
        // Not downloaded yet: only the registry's expected file size is known.
        const facts = MODEL_FACTS[spec.name];
        return facts && spec.source.kind === "uri" ? estimateFitReport(facts.fileSizeGB * 1e9, await freeMemory(llama)) : undefined;
      }
    },
    async dispose(): Promise<void> {
      await current?.dispose();
      current = undefined;
      const llama = await llamaPromise?.catch(() => undefined);
      llamaPromise = undefined;
      await llama?.dispose();
    },
  };
}

/** Context tokens one sequence needs for the run's longest row, counted with the model's vocabulary only (no weights). */
async function workloadTokens(llama: Llama, nlc: NLC, modelPath: string, workload: LoadWorkload, templates: ChatTemplateOptions, signal?: AbortSignal): Promise<number | undefined> {
  if (workload.longestPrompts.length === 0) return undefined;
  const vocab = await llama.loadModel({ modelPath, vocabOnly: true, loadSignal: signal });
  try {
    const chatWrapper = await chooseChatWrapper(nlc, llama, vocab, templates);
    const longest = Math.max(...workload.longestPrompts.map((prompt) => chatPromptTokens(chatWrapper, vocab, prompt)));
    return rowTokens(longest, workload.maxNewTokens, vocab.trainContextSize);
  } finally {
    await vocab.dispose();
  }
}
