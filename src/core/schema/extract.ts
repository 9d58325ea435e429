import type { FieldTypes } from "../typed/fieldType";
import { buildTypedSchema } from "../typed/typedSchema";
import { canonicalCell, type TypedValue } from "../typed/typedValue";
import { buildSchema } from "./buildSchema";
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
 * Characters the search below may examine beyond one pass over the text: a floor plus a multiple of its length.
 * Real outputs need a small fraction of it, so their result is exactly that of trying every start in full; text
 * built to defeat the memo below (thousands of `{` each inside a string as seen from the earlier ones, or nested
 * candidates that all fail to parse) would otherwise cost the square of its length, and past the bound counts as
 * holding no JSON object.
 */
const SCAN_FLOOR = 1 << 20;
const SCAN_PER_CHAR = 16;

/**
 * The first balanced `{…}` (braces inside JSON strings and escapes do not count) that JSON.parse accepts as an
 * object. Starting points are tried left to right, so prose like "use {braces}" before the answer is skipped.
 */
export function firstJsonObject(text: string): Record<string, unknown> | undefined {
  const braces = new BraceMatcher(text);
  const budget = SCAN_FLOOR + SCAN_PER_CHAR * text.length;
  let parsed = 0;
  for (let start = text.indexOf("{"); start >= 0; start = text.indexOf("{", start + 1)) {
    if (parsed + braces.scanned - text.length > budget) return undefined;
    const end = braces.closing(start);
    if (end < 0 || !mayStartObject(text, start + 1)) continue;
    parsed += end + 1 - start;
    try {
      const value: unknown = JSON.parse(text.slice(start, end + 1));
      if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // Not JSON (single quotes, trailing comma, prose in braces): try the next `{`.
    }
  }
  return undefined;
}

/** After `{`, JSON allows only white space and then `"` or `}`: other candidates need no JSON.parse. */
function mayStartObject(text: string, at: number): boolean {
  while (at < text.length && " \t\n\r".includes(text[at]!)) at++;
  return text[at] === '"' || text[at] === "}";
}

/**
 * The `}` closing each `{`, as a scan from that `{` finds it. One scan from a start settles every `{` it meets
 * outside a string, since a scan from any of them would go the same way (it starts outside a string too); only
 * a `{` inside a string, as seen so far, needs a scan of its own. So a run of 100,000 braces costs one pass.
 */
class BraceMatcher {
  /** Per `{` settled so far: the index of its closing brace, or -1 when it is never closed. */
  private readonly close = new Map<number, number>();
  /** Characters scanned so far, over all scans. */
  scanned = 0;

  constructor(private readonly text: string) {}

  closing(start: number): number {
    if (!this.close.has(start)) this.scanFrom(start);
    return this.close.get(start)!;
  }

  private scanFrom(start: number): void {
    const text = this.text;
    const open: number[] = [];
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const ch = text[i];
      if (inString) {
        if (ch === "\\") i++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === "{") {
        open.push(i);
        this.close.set(i, -1);
      } else if (ch === "}" && open.length > 0) this.close.set(open.pop()!, i);
    }
    this.scanned += text.length - start;
  }
}

let cached: { key: string; schema: { safeParse(value: unknown): { success: boolean; data?: unknown; error?: { issues: { message: string }[] } } } } | undefined;

/** What the caller knows about the generation, for more specific failure reasons. */
export interface OutputInfo {
  /** Tokens generated for this output (the raw text, reasoning included). */
  tokensOut?: number;
  /** Declared field types (a schema file); without them every field is a string. */
  types?: FieldTypes;
}

/** The JSON object parseOutput validates, as the model wrote it (before coercion); undefined when there is none. */
export function answerObject(raw: string): Record<string, unknown> | undefined {
  const { answer } = splitThink(raw);
  if (answer === "") return undefined;
  return firstJsonObject(stripFences(answer)) ?? firstJsonObject(answer);
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
  const key = JSON.stringify([fields, info.types ?? null]);
  if (cached?.key !== key) cached = { key, schema: info.types ? buildTypedSchema(info.types) : buildSchema(fields) };
  const result = cached.schema.safeParse(object);
  if (!result.success) return { ok: false, error: result.error!.issues.map((issue) => issue.message).join("; ") };
  // Typed values go into the results CSV canonically (numbers and arrays as JSON, null as the empty cell).
  const values = Object.fromEntries(Object.entries(result.data as Record<string, TypedValue>).map(([k, v]) => [k, canonicalCell(v)]));
  return { ok: true, values };
}
