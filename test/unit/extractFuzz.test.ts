// Property tests (fast-check, fixed seeds, bounded sizes) of the answer extraction: think blocks, fences, JSON.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { firstJsonObject, parseOutput } from "../../src/core/schema/extract";
import { splitThink, type ThinkSplit } from "../../src/core/schema/think";

const FIELDS = ["city", "name"];

/** Pieces of model output that matter to the extraction, mixed with any text. */
const TRICKY = ["{", "}", '"', "\\", ":", ",", "[", "]", "<think>", "</think>", "<THINK>", "</Think>", "<", ">", "```", "```json\n", "\n```\n", "\n", " ", "null", "1", '{"name": "x"}', '{"city": 3}', "{}", "'"];
const trickyText = fc.array(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: "binary", maxLength: 8 })), { maxLength: 25 }).map((p) => p.join(""));
const anyText = fc.oneof(trickyText, fc.string({ unit: "binary", maxLength: 60 }), fc.string({ maxLength: 60 }));

/** The regex-based splitThink this replaced (quadratic on many unclosed `<think>`), as the reference. */
function splitThinkReference(text: string): ThinkSplit {
  const untag = (part: string): string => part.replace(/<\/?think>/gi, "");
  const reasoning: string[] = [];
  let out = text.replace(/<think>[\s\S]*?<\/think>/gi, (block) => {
    reasoning.push(untag(block));
    return "";
  });
  const close = out.toLowerCase().lastIndexOf("</think>");
  if (close >= 0) {
    reasoning.push(untag(out.slice(0, close)));
    out = out.slice(close + "</think>".length);
  }
  const open = out.search(/<think>/i);
  if (open >= 0) {
    reasoning.push(untag(out.slice(open)));
    out = out.slice(0, open);
  }
  return { reasoning, answer: out.trim(), unclosed: open >= 0 };
}

/** The first-`{`-first search this replaced (a full scan per `{`), as the reference. */
function firstJsonObjectReference(text: string): Record<string, unknown> | undefined {
  for (let start = text.indexOf("{"); start >= 0; start = text.indexOf("{", start + 1)) {
    let depth = 0;
    let inString = false;
    let end = -1;
    for (let i = start; i < text.length && end < 0; i++) {
      const ch = text[i];
      if (inString) {
        if (ch === "\\") i++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === "{") depth++;
      else if (ch === "}" && --depth === 0) end = i;
    }
    if (end < 0) continue;
    try {
      const value: unknown = JSON.parse(text.slice(start, end + 1));
      if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // try the next `{`
    }
  }
  return undefined;
}

/** Text without `{`, `<` or backticks: noise around an answer that cannot hold an object, tag or fence. */
const noise = fc.string({ unit: "binary", maxLength: 30 }).map((s) => s.replace(/[{<`]/g, ""));

/** Reasoning that may hold decoy JSON and stray `<think>`, but never the closing tag. */
const thinkBody = trickyText.map((s) => {
  while (/<\/think>/i.test(s)) s = s.replace(/<\/think>/gi, "");
  return s;
});

describe("answer extraction (property tests)", () => {
  it("never throws on any text, and always says ok or why not", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parseOutput(text, FIELDS);
        if (parsed.ok) assert.deepEqual(Object.keys(parsed.values).sort(), FIELDS);
        else assert.ok(typeof parsed.error === "string" && parsed.error.length > 0);
        firstJsonObject(text);
        splitThink(text);
      }),
      { seed: 2201, numRuns: 3000 },
    );
  });

  it("splitThink and firstJsonObject agree with the implementations they replaced", () => {
    // U+0130 is left out: the reference's toLowerCase() makes it two code units, shifting its indices (its bug).
    fc.assert(
      fc.property(anyText.map((s) => s.replace(/\u0130/g, "")), (text) => {
        assert.deepEqual(splitThink(text), splitThinkReference(text));
        assert.deepEqual(firstJsonObject(text), firstJsonObjectReference(text));
      }),
      { seed: 2202, numRuns: 3000 },
    );
  });

  it("finds a valid answer wherever it sits: after prose, think blocks with decoy JSON, inside a fence", () => {
    // A value holding a think tag would end or open reasoning inside the answer: the one thing left out.
    const value = fc.oneof(fc.string({ unit: "binary", maxLength: 20 }), trickyText).filter((v) => !/<\/?think>/i.test(v));
    const answer = fc.record({ name: value, city: value });
    fc.assert(
      fc.property(answer, fc.array(thinkBody, { maxLength: 3 }), noise, noise, fc.boolean(), fc.boolean(), fc.constantFrom(undefined, 2), (values, thoughts, before, after, fenced, extraKey, indent) => {
        const object = extraKey ? { note: "{not it}", ...values } : values;
        let json = JSON.stringify(object, null, indent);
        if (fenced) json = "```json\n" + json + "\n```\n";
        const text = thoughts.map((t) => `<think>${t}</think>`).join(before) + before + json + after;
        const parsed = parseOutput(text, FIELDS);
        assert.deepEqual(parsed, { ok: true, values: { ...values } }, JSON.stringify(text));
      }),
      { seed: 2203, numRuns: 2000 },
    );
  });

  it("stays linear on text built against the brace search and the think tags", { timeout: 120_000 }, () => {
    // Each case cost the square of its length before (minutes at this size); the hang guard is the only clock.
    const n = 200_000;
    assert.equal(firstJsonObject("{".repeat(n)), undefined);
    assert.equal(firstJsonObject('{"'.repeat(n / 2)), undefined);
    assert.deepEqual(firstJsonObject("{ ".repeat(n / 2) + '{"a": "b"}'), { a: "b" });
    assert.deepEqual(firstJsonObject("{".repeat(1000) + '{"a": "b"}'), { a: "b" });
    const tags = splitThink("<think>".repeat(n / 7) + "answer");
    assert.equal(tags.unclosed, true);
    assert.equal(tags.answer, "");
    assert.deepEqual(parseOutput(`<think>${"<think>".repeat(n / 7)}</think>{"name": "a", "city": "b"}`, FIELDS), { ok: true, values: { name: "a", city: "b" } });
  });
});
