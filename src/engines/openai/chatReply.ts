/** What Prompt Bench reads from a chat completion. Token counts are undefined when the server sent no `usage`. */
export interface ChatReply {
  text: string;
  promptTokens?: number;
  completionTokens?: number;
  reasoningTokens?: number;
}

/**
 * Reads a completion body; undefined when it is not one (malformed JSON, no `choices[0].message`), which the caller
 * retries. Servers that split reasoning into `reasoning_content` (vLLM's reasoning parser, DeepSeek) get it back in
 * `<think>` tags, so the raw output and the JSON extraction match a local run.
 */
export function parseChatReply(bodyText: string): ChatReply | undefined {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  const message = (json as { choices?: { message?: { content?: unknown; reasoning_content?: unknown } }[] } | null)?.choices?.[0]?.message;
  if (!message || typeof message !== "object") return undefined;
  const content = typeof message.content === "string" ? message.content : "";
  const reasoning = typeof message.reasoning_content === "string" && message.reasoning_content !== "" ? `<think>${message.reasoning_content}</think>` : "";
  const usage = (json as { usage?: Record<string, unknown> }).usage;
  const details = usage?.completion_tokens_details as Record<string, unknown> | undefined;
  return {
    text: reasoning + content,
    promptTokens: count(usage?.prompt_tokens),
    completionTokens: count(usage?.completion_tokens),
    reasoningTokens: count(details?.reasoning_tokens),
  };
}

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** The `error.message` of an OpenAI-style error body, else the body itself. */
export function serverMessage(bodyText: string): string {
  try {
    const json = JSON.parse(bodyText) as { error?: { message?: unknown } | string; message?: unknown; detail?: unknown };
    if (typeof json.error === "string") return json.error;
    if (typeof json.error?.message === "string") return json.error.message;
    if (typeof json.message === "string") return json.message;
    if (typeof json.detail === "string") return json.detail;
  } catch {
    // not JSON: the text as it came
  }
  return bodyText;
}
