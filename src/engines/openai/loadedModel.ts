import type { GenerateRequest, GenerateResult, LoadedModel, MemoryPeak, ModelLoadFacts } from "../../core/engine/engine";
import { retryDelayMs, type BackoffPolicy } from "./backoff";
import { chatBody } from "./chatBody";
import type { Clock } from "./clock";
import { EndpointRequestError, RowRequestError } from "./errors";
import type { RateLimiter, Semaphore } from "./limits";
import { postChat } from "./postChat";
import type { EndpointSpec } from "./target";

export type OpenAiLog = (level: "info" | "warn" | "error", message: string) => void;

export interface EndpointModelParts {
  spec: EndpointSpec;
  apiKey?: string;
  /** Shared by every model on the same endpoint. */
  slots: Semaphore;
  rate?: RateLimiter;
  timeoutMs: number;
  maxRetries: number;
  backoff: BackoffPolicy;
  clock: Clock;
  log: OpenAiLog;
}

const REMOTE = "remote endpoint: the server does not report it";
const REMOTE_FACTS: ModelLoadFacts = { unavailable: { fileBytes: REMOTE, gpuLayers: REMOTE, totalLayers: REMOTE, gpuNames: REMOTE } };

/**
 * A model behind an OpenAI-compatible endpoint. generate() may be called concurrently: each attempt takes one of
 * the endpoint's slots and a rate-limit start time, and gives the slot back while it waits to retry.
 */
export class OpenAiLoadedModel implements LoadedModel {
  readonly spec: EndpointSpec;
  readonly loadSeconds: number;
  readonly facts = REMOTE_FACTS;
  readonly parallelism: number;
  private warnedNoUsage = false;
  private warnedUnstructured = false;
  private warnedReasoningCap = false;

  constructor(
    private readonly parts: EndpointModelParts,
    loadSeconds: number,
  ) {
    this.spec = parts.spec;
    this.loadSeconds = loadSeconds;
    this.parallelism = parts.slots.limit;
  }

  memoryPeak(): MemoryPeak {
    return { unavailable: { vramPeakBytes: REMOTE, ramPeakBytes: REMOTE } };
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const { spec, clock } = this.parts;
    request.signal?.throwIfAborted();
    const structured = spec.source.structuredOutput !== false;
    if (request.jsonSchema && !structured && !this.warnedUnstructured) {
      this.warnedUnstructured = true;
      this.parts.log("info", `${spec.name}: "structuredOutput": false, so outputs are validated against the schema but not constrained to it`);
    }
    if (request.maxReasoningTokens !== undefined && !this.warnedReasoningCap) {
      this.warnedReasoningCap = true;
      this.parts.log("info", `${spec.name}: the reasoning cap is not sent to endpoints (the chat completions API has none); only max_tokens limits the answer`);
    }
    const body = chatBody(spec.source.model, request, structured);
    for (let retries = 0; ; retries++) {
      let started = 0;
      let failure: EndpointRequestError;
      const release = await this.parts.slots.acquire(request.signal);
      try {
        await this.parts.rate?.wait(request.signal);
        started = clock.now();
        const reply = await postChat({ spec, apiKey: this.parts.apiKey, body, timeoutMs: this.parts.timeoutMs, signal: request.signal });
        const seconds = (clock.now() - started) / 1000;
        if ((reply.promptTokens === undefined || reply.completionTokens === undefined) && !this.warnedNoUsage) {
          this.warnedNoUsage = true;
          this.parts.log("warn", `${spec.name}: the server sent no token usage (usage.prompt_tokens / completion_tokens), so tokens_in, tokens_out and tokens/s stay empty`);
        }
        return {
          text: reply.text,
          // NaN marks "not reported": the runner writes an empty cell rather than a made-up 0.
          tokensIn: reply.promptTokens ?? Number.NaN,
          tokensOut: reply.completionTokens ?? Number.NaN,
          reasoningTokens: reply.reasoningTokens,
          seconds,
          retries,
        };
      } catch (error) {
        if (!(error instanceof EndpointRequestError)) throw error; // cancelled, or a bug
        failure = error;
      } finally {
        release();
      }
      if (!failure.retryable) throw new RowRequestError(failure.message, retries);
      if (retries >= this.parts.maxRetries) {
        throw new RowRequestError(`${failure.message} (gave up after ${retries} ${retries === 1 ? "retry" : "retries"}; maxRetries in the entry "${spec.name}")`, retries);
      }
      const wait = retryDelayMs(retries + 1, failure.retryAfterMs, this.parts.backoff);
      this.parts.log("info", `${spec.name}: ${failure.message}; retry ${retries + 1}/${this.parts.maxRetries} in ${(wait / 1000).toFixed(1)} s`);
      await clock.sleep(wait, request.signal);
    }
  }

  async dispose(): Promise<void> {
    // Nothing is held: HTTP connections are pooled by fetch and closed when idle.
  }
}
