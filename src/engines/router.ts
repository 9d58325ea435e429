import type { ModelSpec } from "../core/registry/modelSpec";
import type { Engine, EngineLoadOptions, FitReport, LoadedModel } from "../core/engine/engine";

/**
 * One Engine over two back ends: endpoint entries go to the OpenAI-compatible engine, everything else to the local
 * (node-llama-cpp) engine. The runner keeps seeing one engine; the local one is only started when a local model loads.
 */
export function createEngineRouter(engines: { local: Engine; remote: Engine }): Engine {
  const pick = (spec: ModelSpec): Engine => (spec.source.kind === "endpoint" ? engines.remote : engines.local);
  let lastId = engines.local.id;
  return {
    // The engine of the model loaded last, for messages such as "the node-llama-cpp engine does not report it".
    get id() {
      return lastId;
    },
    load(spec: ModelSpec, options?: EngineLoadOptions): Promise<LoadedModel> {
      const engine = pick(spec);
      lastId = engine.id;
      return engine.load(spec, options);
    },
    async checkFit(spec: ModelSpec, options?: { signal?: AbortSignal }): Promise<FitReport | undefined> {
      return pick(spec).checkFit?.(spec, options);
    },
    async dispose(): Promise<void> {
      await Promise.all([engines.local.dispose(), engines.remote.dispose()]);
    },
  };
}
