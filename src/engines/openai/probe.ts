import { UserError } from "../../core/errors/userError";
import type { OpenAiLog } from "./loadedModel";
import { redact } from "./redact";
import { ENTRY_ORIGIN, keyHint, type EndpointSpec } from "./target";

/**
 * Before the first row: `GET {endpoint}/models`, so an unreachable server or a refused key ends the model at once
 * with one clear message instead of every row retrying for minutes. Any other answer (even 404: some proxies have
 * no /models) counts as reachable; a list without the entry's model only warns (names vary, e.g. Ollama's tags).
 */
export async function probeEndpoint(spec: EndpointSpec, apiKey: string | undefined, timeoutMs: number, signal: AbortSignal | undefined, log: OpenAiLog): Promise<void> {
  const url = `${spec.source.endpoint}/models`;
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  let text = "";
  try {
    response = await fetch(url, { headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {}, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    text = await response.text();
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = timeout.aborted ? `no answer within ${timeoutMs / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new UserError(
      `Model "${spec.name}": cannot reach ${spec.source.endpoint} (${why}). Is the server running and reachable from here? ` +
        `Check "endpoint" in the entry "${spec.name}" (${ENTRY_ORIGIN}): the base URL up to and including /v1.`,
    );
  }
  if (response.status === 401 || response.status === 403) {
    throw new UserError(`Model "${spec.name}": ${spec.source.endpoint} refused the API key (HTTP ${response.status}). ${keyHint(spec)}.`);
  }
  if (!response.ok) return;
  const ids = modelIds(text);
  if (ids && ids.length > 0 && !ids.includes(spec.source.model)) {
    log("warn", `${spec.name}: ${spec.source.endpoint} lists the models ${redact(ids.slice(0, 10).join(", "), apiKey)}, not "${spec.source.model}"; requests may fail with 404 (check "model" in the entry)`);
  }
}

function modelIds(text: string): string[] | undefined {
  try {
    const data = (JSON.parse(text) as { data?: { id?: unknown }[] }).data;
    return Array.isArray(data) ? data.flatMap((m) => (typeof m?.id === "string" ? [m.id] : [])) : undefined;
  } catch {
    return undefined;
  }
}
