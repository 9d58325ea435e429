import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { GenerateRequest, LoadedModel } from "../../core/engine/engine";

export interface ChatServerOptions {
  /** The loaded model that answers every request (one request generates at a time; the rest queue). */
  loaded: LoadedModel;
  /** The name `/models` lists and completions report (default: the spec's name). */
  modelName?: string;
  /** When set, requests must send `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Default output limit when a request sets no max_tokens. */
  defaultMaxTokens?: number;
  log?: (message: string) => void;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A minimal OpenAI-compatible server over one loaded model: `GET /v1/models` and `POST /v1/chat/completions`
 * with one user message, `max_tokens` and `response_format` (json_schema). Enough for Prompt Bench's own endpoint
 * engine (`prompt-bench serve`, and the tests); not a general chat server (no streaming, no multi-turn history).
 */
export function chatCompletionsHandler(options: ChatServerOptions): RequestHandler {
  const modelName = options.modelName ?? options.loaded.spec.name;
  let queue: Promise<unknown> = Promise.resolve();
  const log = options.log ?? (() => undefined);

  return (req, res) => {
    void handle(req, res).catch((error: unknown) => {
      log(`error: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) reply(res, 500, { error: { message: "internal error", type: "server_error" } });
      else res.destroy();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0]?.replace(/\/+$/, "") ?? "";
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      reply(res, 401, { error: { message: "missing or wrong API key", type: "invalid_request_error" } });
      return;
    }
    if (req.method === "GET" && path === "/v1/models") {
      reply(res, 200, { object: "list", data: [{ id: modelName, object: "model", owned_by: "prompt-bench" }] });
      return;
    }
    if (req.method !== "POST" || path !== "/v1/chat/completions") {
      reply(res, 404, { error: { message: `no route ${req.method ?? ""} ${path}: use POST /v1/chat/completions`, type: "invalid_request_error" } });
      return;
    }
    const parsed = parseRequest(await readBody(req), options.defaultMaxTokens ?? 1024);
    if (typeof parsed === "string") {
      reply(res, 400, { error: { message: parsed, type: "invalid_request_error" } });
      return;
    }
    // A client that hangs up (timeout, cancel) stops its generation.
    const abort = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) abort.abort(new Error("client closed the connection"));
    });
    const turn = queue.then(() => (abort.signal.aborted ? undefined : options.loaded.generate({ ...parsed, signal: abort.signal })));
    queue = turn.catch(() => undefined);
    let result: Awaited<typeof turn>;
    try {
      result = await turn;
    } catch (error) {
      // The model's own refusals (a prompt longer than the context) are the request's fault and would fail again.
      if (!abort.signal.aborted) reply(res, 400, { error: { message: `generation failed: ${error instanceof Error ? error.message : String(error)}`, type: "invalid_request_error" } });
      return;
    }
    if (!result || abort.signal.aborted) return;
    log(`${modelName}: ${result.tokensIn} tokens in, ${result.tokensOut} out, ${result.seconds.toFixed(2)} s`);
    reply(res, 200, {
      id: `chatcmpl-${Date.now().toString(36)}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: modelName,
      choices: [{ index: 0, message: { role: "assistant", content: result.text }, finish_reason: result.tokensOut >= parsed.maxNewTokens ? "length" : "stop" }],
      usage: {
        prompt_tokens: result.tokensIn,
        completion_tokens: result.tokensOut,
        total_tokens: result.tokensIn + result.tokensOut,
        ...(result.reasoningTokens === undefined ? {} : { completion_tokens_details: { reasoning_tokens: result.reasoningTokens } }),
      },
    });
  }
}

/** The generate request a body asks for, or why it cannot be answered. */
function parseRequest(body: string, defaultMaxTokens: number): Omit<GenerateRequest, "signal"> | string {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return "the body is not JSON";
  }
  const messages = json.messages;
  if (!Array.isArray(messages) || messages.length !== 1 || (messages[0] as { role?: unknown }).role !== "user" || typeof (messages[0] as { content?: unknown }).content !== "string") {
    return "this server answers exactly one user message with text content per request";
  }
  const max = json.max_completion_tokens ?? json.max_tokens;
  if (max !== undefined && (typeof max !== "number" || !Number.isInteger(max) || max < 1)) return "max_tokens must be a positive integer";
  const format = json.response_format as { type?: unknown; json_schema?: { schema?: unknown } } | undefined;
  let jsonSchema: Record<string, unknown> | undefined;
  if (format !== undefined && format.type !== "text") {
    if (format.type !== "json_schema" || typeof format.json_schema?.schema !== "object" || format.json_schema.schema === null) {
      return 'response_format must be { "type": "json_schema", "json_schema": { "name", "schema" } } or { "type": "text" }';
    }
    jsonSchema = format.json_schema.schema as Record<string, unknown>;
  }
  return { prompt: (messages[0] as { content: string }).content, maxNewTokens: (max as number | undefined) ?? defaultMaxTokens, jsonSchema };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Listens on host:port (port 0: any free one) and resolves with the base URL to put in an entry's "endpoint". */
export function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve(`http://${shown}:${address.port}/v1`);
    });
  });
}

export function startChatServer(options: ChatServerOptions & { port: number; host: string }): Promise<{ server: Server; endpoint: string }> {
  const server = createServer(chatCompletionsHandler(options));
  return listen(server, options.port, options.host).then((endpoint) => ({ server, endpoint }));
}
