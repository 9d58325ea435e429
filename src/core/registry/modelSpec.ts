export const TIERS = ["3b", "7b", "30b", "70b", "thinking", "custom"] as const;
export type Tier = (typeof TIERS)[number];

/** Where a local model's GGUF comes from: a local file or an `hf:` URI resolved into the models directory. */
export type LocalModelSource = { kind: "file"; path: string } | { kind: "uri"; uri: string };

/** A model served by an OpenAI-compatible server (vLLM, Ollama, llama.cpp's server, hosted APIs). */
export interface EndpointSource {
  kind: "endpoint";
  /** Base URL up to and including `/v1`; requests go to `{endpoint}/chat/completions`. */
  endpoint: string;
  /** The server's model name, e.g. "Qwen/Qwen2.5-72B-Instruct" or "qwen2.5:7b". */
  model: string;
  /** Environment variable holding the API key (CLI; the extension also reads its SecretStorage). */
  apiKeyEnv?: string;
  /** Most requests in flight on this endpoint, shared by all its models (default 4). */
  concurrency?: number;
  requestsPerMinute?: number;
  /** Per request (default 600). */
  timeoutSeconds?: number;
  /** Retries per row after the first attempt (default 5). */
  maxRetries?: number;
  /** Price per 1,000 tokens (any currency) for the metrics CSV's `cost` column. */
  pricePer1kInput?: number;
  pricePer1kOutput?: number;
  /** false: never send `response_format` (servers without structured output). Default true. */
  structuredOutput?: boolean;
}

export type ModelSource = LocalModelSource | EndpointSource;

/** A LoRA adapter applied on top of a base model (GGUF adapter file). */
export interface LoraAdapter {
  path: string;
  /** Default 1. */
  scale?: number;
}

export interface ModelSpec {
  /** Short name; used in column names (`pred_<name>_<field>`), so restricted to [A-Za-z0-9._-]. */
  name: string;
  tier: Tier;
  source: ModelSource;
  /** LoRA adapters loaded with the context (finetuned variants of the base model). */
  lora?: LoraAdapter[];
}
