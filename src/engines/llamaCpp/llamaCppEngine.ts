import { availableParallelism } from "node:os";
import type { Engine, EngineLoadOptions, LoadedModel } from "../engine";
import type { ModelSpec } from "../../core/registry/modelSpec";
import { LlamaCppLoadedModel } from "./loadedModel";
import { loadNodeLlamaCpp, type Llama } from "./nodeLlamaCpp";
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
  /** Context size in tokens; default: what fits in memory, at most 8192 and the model's training context. */
  contextSize?: number;
  /** Download `uri` models missing from modelsDir (default true: the user picked them). Tests pass false. */
  allowDownload?: boolean;
  log?: (level: EngineLogLevel, message: string) => void;
}

const DEFAULT_MAX_CONTEXT = 8192;

/** The node-llama-cpp engine: one Llama per engine, one model loaded at a time. */
export function createLlamaCppEngine(options: LlamaCppEngineOptions): Engine {
  let llamaPromise: Promise<Llama> | undefined;
  let current: LoadedModel | undefined;
  const log = options.log ?? (() => undefined);

  const getLlama = (): Promise<Llama> => {
    llamaPromise ??= (async () => {
      const nlc = await loadNodeLlamaCpp();
      const levels = nlc.LlamaLogLevel;
      return nlc.getLlama({
        gpu: options.gpu === false ? false : "auto",
        maxThreads: options.threads ?? defaultThreads(availableParallelism()),
        logLevel: levels.warn,
        logger: (level, message) => {
          const text = message.trim();
          if (!text) return;
          log(level === levels.error || level === levels.fatal ? "error" : level === levels.warn ? "warn" : "info", text);
        },
      });
    })();
    return llamaPromise;
  };

  return {
    id: "node-llama-cpp",
    async load(spec: ModelSpec, loadOptions: EngineLoadOptions = {}): Promise<LoadedModel> {
      const signal = loadOptions.signal;
      if (current) {
        log("warn", `${current.spec.name} was still loaded when ${spec.name} was requested; disposing it first`);
        await current.dispose();
      }
      const modelPath = await resolveModel(spec.source, {
        modelsDir: options.modelsDir,
        allowDownload: options.allowDownload ?? true,
        signal,
        log,
      });
      const nlc = await loadNodeLlamaCpp();
      const llama = await getLlama();
      const threads = options.threads ?? defaultThreads(availableParallelism(), llama.cpuMathCores);
      const started = performance.now();
      const model = await llama.loadModel({ modelPath, gpuLayers: "auto", loadSignal: signal });
      try {
        const context = await model.createContext({
          contextSize: options.contextSize ?? { max: DEFAULT_MAX_CONTEXT },
          threads,
          createSignal: signal,
        });
        const session = new nlc.LlamaChatSession({ contextSequence: context.getSequence() });
        const loadSeconds = (performance.now() - started) / 1000;
        log("info", `${spec.name}: loaded ${modelPath} in ${loadSeconds.toFixed(1)} s (gpu: ${llama.gpu || "none"}, ` +
          `threads: ${threads}, context: ${context.contextSize}, template: ${session.chatWrapper.wrapperName})`);
        const loaded: LoadedModel = new LlamaCppLoadedModel({
          spec, loadSeconds, llama, model, context, session, seed: options.seed ?? 1,
          onDispose: () => {
            if (current === loaded) current = undefined;
          },
        });
        current = loaded;
        return loaded;
      } catch (error) {
        await model.dispose();
        throw error;
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
