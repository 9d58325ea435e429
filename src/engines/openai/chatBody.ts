import type { GenerateRequest } from "../../core/engine/engine";

/**
 * The `/chat/completions` request for one row: the rendered prompt as the only (user) message, greedy decoding unless the run sets sampling,
 * and — when constrained decoding is on and the entry allows it — the fields' JSON schema as `response_format`.
 */
export function chatBody(model: string, request: GenerateRequest, structured: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model,
    messages: [{ role: "user", content: request.prompt }],
    max_tokens: request.maxNewTokens,
    temperature: request.sampling?.temperature ?? 0,
    stream: false,
  };
  // top_p and seed are OpenAI parameters; top_k is not (vLLM, llama.cpp's server and Ollama's OpenAI API accept it).
  if (request.sampling?.topP !== undefined) body.top_p = request.sampling.topP;
  if (request.sampling?.seed !== undefined) body.seed = request.sampling.seed;
  if (request.sampling?.topK !== undefined) body.top_k = request.sampling.topK;
  if (structured && request.jsonSchema) {
    body.response_format = { type: "json_schema", json_schema: { name: "prompt_bench_fields", schema: request.jsonSchema, strict: true } };
  }
  return body;
}
