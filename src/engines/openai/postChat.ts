import { parseRetryAfter } from "./backoff";
import { parseChatReply, serverMessage, type ChatReply } from "./chatReply";
import { EndpointRequestError } from "./errors";
import { redact, shorten } from "./redact";
import { ENTRY_ORIGIN, keyHint, type EndpointSpec } from "./target";

export interface PostOptions {
  spec: EndpointSpec;
  apiKey?: string;
  body: Record<string, unknown>;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * One POST to `{endpoint}/chat/completions`. Throws EndpointRequestError saying whether a retry may help (429,
 * 408, 5xx, timeout, dropped connection, malformed body) or not (bad request, key refused, unknown model); throws
 * the signal's reason when cancelled. The key goes only into the Authorization header and is cut from any text
 * the server sends back.
 */
export async function postChat(options: PostOptions): Promise<ChatReply> {
  const { spec, apiKey } = options;
  const url = `${spec.source.endpoint}/chat/completions`;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  let status: number;
  let text: string;
  let retryAfter: string | null;
  try {
    const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(options.body), signal });
    status = response.status;
    retryAfter = response.headers.get("retry-after");
    text = await response.text();
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted) {
      throw new EndpointRequestError(`no answer from ${url} within ${options.timeoutMs / 1000} s (timeoutSeconds in the entry "${spec.name}")`, true);
    }
    throw new EndpointRequestError(`connection to ${url} failed: ${networkReason(error)}`, true);
  }
  const said = (): string => shorten(redact(serverMessage(text), apiKey));
  if (status >= 200 && status < 300) {
    const reply = parseChatReply(text);
    if (!reply) throw new EndpointRequestError(`${url} answered HTTP ${status} with a body that is not a chat completion: ${shorten(redact(text, apiKey), 120)}`, true);
    return reply;
  }
  if (status === 429 || status === 408 || status >= 500) {
    // An HTTP-date Retry-After is wall-clock time, whatever clock paces the retries.
    throw new EndpointRequestError(`${url} answered HTTP ${status}: ${said()}`, true, parseRetryAfter(retryAfter, Date.now()));
  }
  if (status === 400 && /response_format|json_schema|guided|grammar|structured/i.test(text)) {
    throw new EndpointRequestError(
      `${url} rejected structured output (response_format with a JSON schema): ${said()}. Set "structuredOutput": false ` +
        `in the entry "${spec.name}" (${ENTRY_ORIGIN}), or turn constrained decoding off (--constrained / promptBench.constrainedDecoding).`,
      false,
    );
  }
  if (status === 401 || status === 403) {
    throw new EndpointRequestError(`${url} refused the API key (HTTP ${status}: ${said()}). ${keyHint(spec)}.`, false);
  }
  if (status === 404) {
    throw new EndpointRequestError(
      `${url} answered HTTP 404 (${said()}): check "endpoint" (the base URL up to and including /v1) and "model" ` +
        `("${spec.source.model}") in the entry "${spec.name}" (${ENTRY_ORIGIN}).`,
      false,
    );
  }
  throw new EndpointRequestError(`${url} answered HTTP ${status}: ${said()}`, false);
}

/** fetch's "fetch failed" hides the reason in `cause` (ECONNRESET, ECONNREFUSED, "other side closed"). */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  const message = typeof cause?.message === "string" ? cause.message : error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code} (${message})` : message;
}
