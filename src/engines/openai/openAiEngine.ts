import { UserError } from "../../core/errors/userError";
import type { ModelSpec } from "../../core/registry/modelSpec";
import type { Engine, EngineLoadOptions, LoadedModel } from "../../core/engine/engine";
import { DEFAULT_BACKOFF, type BackoffPolicy } from "./backoff";
import { realClock, type Clock } from "./clock";
import { RateLimiter, Semaphore } from "./limits";
import { OpenAiLoadedModel, type OpenAiLog } from "./loadedModel";
import { probeEndpoint } from "./probe";
import { isEndpointSpec, keyHint, type EndpointSpec } from "./target";

export interface OpenAiEngineOptions {
  /**
   * The API key for an entry, or undefined for servers without one. Default: the environment variable named by
   * the entry's `apiKeyEnv`. The extension reads its SecretStorage first.
   */
  apiKey?: (spec: EndpointSpec) => Promise<string | undefined> | string | undefined;
  log?: OpenAiLog;
  /** Retry waits (tests shorten them). */
  backoff?: Partial<BackoffPolicy>;
  /** Time source for retry waits and the requests-per-minute spacing (tests pass a virtual one). */
  clock?: Clock;
}

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_TIMEOUT_SECONDS = 600;
export const DEFAULT_MAX_RETRIES = 5;

/** Reads the key from the environment variable the entry names (the CLI's way). */
export function keyFromEnv(spec: EndpointSpec): string | undefined {
  const name = spec.source.apiKeyEnv;
  return name ? process.env[name]?.trim() || undefined : undefined;
}

/** The engine for `{endpoint}/chat/completions` servers. Limits are per endpoint URL, shared by its models. */
export function createOpenAiEngine(options: OpenAiEngineOptions = {}): Engine {
  const log: OpenAiLog = options.log ?? (() => undefined);
  const clock = options.clock ?? realClock;
  const backoff: BackoffPolicy = { ...DEFAULT_BACKOFF, ...options.backoff };
  const slots = new Map<string, Semaphore>();
  const rates = new Map<string, RateLimiter>();
  const getKey = options.apiKey ?? keyFromEnv;

  return {
    id: "openai-compatible",
    async load(spec: ModelSpec, loadOptions: EngineLoadOptions = {}): Promise<LoadedModel> {
      if (!isEndpointSpec(spec)) throw new Error(`${spec.name} is a local model; the OpenAI-compatible engine serves endpoint entries only`);
      const { source } = spec;
      const started = clock.now();
      const apiKey = await getKey(spec);
      if (!apiKey && source.apiKeyEnv) {
        throw new UserError(`Model "${spec.name}": no API key for ${source.endpoint}. ${keyHint(spec)}.`);
      }
      const timeoutMs = (source.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
      await probeEndpoint(spec, apiKey, Math.min(timeoutMs, 15_000), loadOptions.signal, log);
      const concurrency = source.concurrency ?? DEFAULT_CONCURRENCY;
      let semaphore = slots.get(source.endpoint);
      if (!semaphore) slots.set(source.endpoint, (semaphore = new Semaphore(concurrency)));
      else semaphore.limit = concurrency; // the entry being run sets the endpoint's limit
      let rate: RateLimiter | undefined;
      if (source.requestsPerMinute !== undefined) {
        rate = rates.get(source.endpoint);
        if (!rate) rates.set(source.endpoint, (rate = new RateLimiter(source.requestsPerMinute, clock)));
        else rate.requestsPerMinute = source.requestsPerMinute;
      }
      const maxRetries = source.maxRetries ?? DEFAULT_MAX_RETRIES;
      log("info", `${spec.name}: ${source.model} at ${source.endpoint} (concurrency ${concurrency}` +
        `${source.requestsPerMinute !== undefined ? `, ${source.requestsPerMinute} requests/min` : ""}, timeout ${timeoutMs / 1000} s, ` +
        `up to ${maxRetries} retries, ${apiKey ? "with an API key" : "no API key"})`);
      return new OpenAiLoadedModel({ spec, apiKey, slots: semaphore, rate, timeoutMs, maxRetries, backoff, clock, log }, (clock.now() - started) / 1000);
    },
    // Memory fit is the server's concern.
    checkFit: () => Promise.resolve(undefined),
    dispose: () => Promise.resolve(),
  };
}

