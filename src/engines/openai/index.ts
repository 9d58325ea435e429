export { createOpenAiEngine, keyFromEnv, DEFAULT_CONCURRENCY, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_SECONDS, type OpenAiEngineOptions } from "./openAiEngine";
export { isEndpointSpec, type EndpointSpec } from "./target";
export { retriesOf } from "./errors";
export type { Clock } from "./clock";
