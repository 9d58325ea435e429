import { buildSchema, type OutputSchema } from "./buildSchema";
import { splitThink, unclosedThinkReason } from "./think";

export type ParsedOutput = { ok: true; values: Record<string, string> } | { ok: false; error: string };

/** The output without its reasoning (see splitThink): empty when the model never finished thinking. */
export function stripThink(text: string): string {
  return splitThink(text).answer;
}

/**
 * The content of the first Markdown code fence (```json … ```, any or no language tag), or the text itself when
 * there is none. An unclosed fence runs to the end (output cut off at the token limit).
 */
export function stripFences(text: string): string {
  const open = /^[ \t]*```[\w.+-]*[ \t]*\r?$/m.exec(text);
  if (!open) return text;
  const rest = text.slice(open.index + open[0].length);
  const close = /^[ \t]*```[ \t]*\r?$/m.exec(rest);
  return (close ? rest.slice(0, close.index) : rest).trim();
}

/**
 * The first balanced `{…}` (braces inside JSON strings and escapes do not count) that JSON.parse accepts as an
 * object. Starting points are tried left to right, so prose like "use {braces}" before the answer is skipped.
 */
export function firstJsonObject(text: string): Record<string, unknown> | undefined {
  for (let start = text.indexOf("{"); start >= 0; start = text.indexOf("{", start + 1)) {
    const end = matchingBrace(text, start);
    if (end < 0) continue;
    try {
      const value: unknown = JSON.parse(text.slice(start, end + 1));
      if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // Not JSON (single quotes, trailing comma, prose in braces): try the next `{`.
    }
  }
  return undefined;
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return i;
  }
  return -1;
}

let cached: { key: string; schema: OutputSchema } | undefined;

/** What the caller knows about the generation, for more specific failure reasons. */
export interface OutputInfo {
  /** Tokens generated for this output (the raw text, reasoning included). */
  tokensOut?: number;
}

/**
 * Think-stripped, fence-stripped first JSON object of a model's output, validated against the fields. JSON inside
 * reasoning never counts as the answer; an output whose `<think>` never closed and that has no answer outside it
 * fails with that reason rather than "no JSON".
 */
export function parseOutput(raw: string, fields: readonly string[], info: OutputInfo = {}): ParsedOutput {
  const { answer, reasoning, unclosed } = splitThink(raw);
  if (answer === "") {
    if (unclosed) return { ok: false, error: unclosedThinkReason(info.tokensOut) };
    return { ok: false, error: reasoning.length > 0 ? "no answer after the <think> reasoning" : "empty output" };
  }
  const object = firstJsonObject(stripFences(answer)) ?? firstJsonObject(answer);
  if (object === undefined) {
    if (unclosed) return { ok: false, error: unclosedThinkReason(info.tokensOut) };
    return { ok: false, error: answer.includes("{") ? "no complete JSON object found (cut off or malformed)" : "no JSON object found" };
  }
  const key = JSON.stringify(fields);
  if (cached?.key !== key) cached = { key, schema: buildSchema(fields) };
  const result = cached.schema.safeParse(object);
  if (result.success) return { ok: true, values: result.data as Record<string, string> };
  return { ok: false, error: result.error.issues.map((issue) => issue.message).join("; ") };
}
