import { z } from "zod";
import type { EndpointSource } from "./modelSpec";

const positive = (what: string) => z.number({ error: `${what} must be a number` }).positive(`${what} must be more than 0`);
const price = (what: string) => z.number({ error: `${what} must be a number` }).nonnegative(`${what} must not be negative`);

/** The keys of a user entry that describe an OpenAI-compatible endpoint (see EndpointSource). */
export const endpointFields = {
  endpoint: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'endpoint must be a URL like "http://gpu-box:8000/v1" (the base URL up to and including /v1)')
    .optional(),
  model: z.string().min(1, "model must not be empty").optional(),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "apiKeyEnv is the NAME of an environment variable (e.g. VLLM_KEY), not the key itself")
    .optional(),
  // A key in a settings or models file would end up in version control: refuse it, without echoing it.
  apiKey: z
    .never({ error: 'do not put API keys in model entries: name an environment variable in "apiKeyEnv" (CLI), or run "Prompt Bench: Set API Key for a Model Endpoint" (VS Code)' })
    .optional(),
  concurrency: z.number({ error: "concurrency must be a number" }).int("concurrency must be a whole number").positive("concurrency must be at least 1").optional(),
  requestsPerMinute: positive("requestsPerMinute").optional(),
  timeoutSeconds: positive("timeoutSeconds").optional(),
  maxRetries: z.number({ error: "maxRetries must be a number" }).int("maxRetries must be a whole number").nonnegative("maxRetries must not be negative").optional(),
  pricePer1kInput: price("pricePer1kInput").optional(),
  pricePer1kOutput: price("pricePer1kOutput").optional(),
  structuredOutput: z.boolean({ error: "structuredOutput must be true or false" }).optional(),
};

type EndpointKeys = { [K in keyof typeof endpointFields]?: z.output<(typeof endpointFields)[K]> };

const ENDPOINT_ONLY = ["model", "apiKeyEnv", "concurrency", "requestsPerMinute", "timeoutSeconds", "maxRetries", "pricePer1kInput", "pricePer1kOutput", "structuredOutput"] as const;

/** What is wrong with how an entry combines endpoint keys with the others. */
export function endpointEntryProblems(entry: EndpointKeys & { lora?: unknown }): string[] {
  if (entry.endpoint === undefined) {
    const stray = ENDPOINT_ONLY.filter((key) => entry[key] !== undefined);
    return stray.length === 0 ? [] : [`${stray.join(", ")} ${stray.length === 1 ? "applies" : "apply"} only to entries with an "endpoint"`];
  }
  const problems: string[] = [];
  if (entry.model === undefined) problems.push('an "endpoint" entry needs "model": the name the server knows the model by (e.g. "Qwen/Qwen2.5-72B-Instruct", "qwen2.5:7b")');
  if (entry.lora !== undefined) problems.push('"lora" applies only to local models (load the adapter on the server instead)');
  return problems;
}

/** The entry's endpoint as a ModelSpec source; the URL loses trailing slashes so `{endpoint}/chat/completions` is exact. */
export function endpointSource(entry: EndpointKeys, endpoint: string): EndpointSource {
  const source: EndpointSource = { kind: "endpoint", endpoint: endpoint.replace(/\/+$/, ""), model: entry.model ?? "" };
  for (const key of ENDPOINT_ONLY) {
    if (key !== "model" && entry[key] !== undefined) (source as unknown as Record<string, unknown>)[key] = entry[key];
  }
  return source;
}
