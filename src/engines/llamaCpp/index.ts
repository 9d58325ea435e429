export { createLlamaCppEngine, type LlamaCppEngineOptions, type EngineLogLevel } from "./llamaCppEngine";
export { resolveModel, type ResolveModelOptions } from "./resolveModel";
export { expectedModelPath, downloadUrl } from "./modelUri";
export { defaultThreads } from "./threads";
