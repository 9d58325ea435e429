import type { GenerateRequest } from "../../core/engine/engine";

/**
 * The `/chat/completions` request for one row: the rendered prompt as the only (user) message, greedy decoding,
 * and — when constrained decoding is on and the entry allows it — the fields' JSON schema as `response_format`.
 */
export function chatBody(model: string, request: GenerateRequest, structured: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model,
    messages: [{ role: "user", content: request.prompt }],
    max_tokens: request.maxNewTokens,
    temperature: 0,
    stream: false,
  };
  if (structured && request.jsonSchema) {
    body.response_format = { type: "json_schema", json_schema: { name: "prompt_bench_fields", schema: request.jsonSchema, strict: true } };
  }
  return body;
}
