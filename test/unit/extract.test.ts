import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { firstJsonObject, parseOutput, stripFences, stripThink } from "../../src/core/schema/extract";

describe("stripThink", () => {
  it("removes closed <think> blocks anywhere, case-insensitively", () => {
    assert.equal(stripThink("<think>plan {\"a\":1}</think>\n{\"b\":2}"), '{"b":2}');
    assert.equal(stripThink("x<THINK>a</THINK>y<think>b</think>z"), "xyz");
  });

  it("treats an unclosed <think> as reasoning up to the end", () => {
    assert.equal(stripThink("<think>still thinking {\"a\": 1}"), "");
    assert.equal(stripThink('  \n<think>\nlong'), "");
    assert.equal(stripThink('{"a":"1"} <think> afterthought'), '{"a":"1"}');
  });

  it("drops text before a stray </think> (template opened the block)", () => {
    assert.equal(stripThink('reasoning {"x": 0}\n</think>\n\n{"a": "1"}'), '{"a": "1"}');
  });

  it("leaves text without think tags unchanged except for outer whitespace", () => {
    assert.equal(stripThink('  {"a": "<thinker>"}\n'), '{"a": "<thinker>"}');
  });
});

describe("stripFences", () => {
  it("returns the content of a ```json fence", () => {
    assert.equal(stripFences('Here:\n```json\n{"a": "1"}\n```\nDone.'), '{"a": "1"}');
  });

  it("handles fences without a language tag, CRLF and an unclosed fence", () => {
    assert.equal(stripFences('```\r\n{"a": "1"}\r\n```'), '{"a": "1"}');
    assert.equal(stripFences('```JSON\n{"a": "1"'), '{"a": "1"');
  });

  it("leaves unfenced text alone, including ``` inside a JSON string", () => {
    assert.equal(stripFences('{"code": "```js x```"}'), '{"code": "```js x```"}');
    assert.equal(stripFences("plain"), "plain");
  });
});

describe("firstJsonObject", () => {
  it("finds the first balanced object that parses", () => {
    assert.deepEqual(firstJsonObject('Sure! {"a": "1", "b": {"c": "2"}} and {"d": 3}'), { a: "1", b: { c: "2" } });
  });

  it("respects braces and escaped quotes inside strings", () => {
    assert.deepEqual(firstJsonObject('x {"a": "}{", "b": "say \\"}\\" ok"} y'), { a: "}{", b: 'say "}" ok' });
    assert.deepEqual(firstJsonObject('{"a": "back\\\\"} tail'), { a: "back\\" });
  });

  it("skips brace text that is not JSON and tries later starts", () => {
    assert.deepEqual(firstJsonObject('Use {placeholders} like {name}. {"name": "A"}'), { name: "A" });
    assert.deepEqual(firstJsonObject("{'a': 1, \"x\": {\"b\": \"2\"}}"), { b: "2" });
  });

  it("returns undefined for no object, an unbalanced object, or only arrays/scalars", () => {
    assert.equal(firstJsonObject("no json here"), undefined);
    assert.equal(firstJsonObject('{"a": "1"'), undefined);
    assert.equal(firstJsonObject('["a", 1] "str" 42'), undefined);
  });
});

describe("parseOutput", () => {
  const fields = ["city", "name"];

  it("returns the values of a clean answer", () => {
    assert.deepEqual(parseOutput('{"name": "Anna", "city": "Köln"}', fields), { ok: true, values: { city: "Köln", name: "Anna" } });
  });

  it("handles think blocks, fences, prose and extra keys together", () => {
    const raw = '<think>{"name": "wrong"}</think>Here you go:\n```json\n{"name": "Anna", "city": "Köln", "note": "x"}\n```';
    assert.deepEqual(parseOutput(raw, fields), { ok: true, values: { city: "Köln", name: "Anna" } });
  });

  it("coerces numbers and booleans", () => {
    assert.deepEqual(parseOutput('{"name": 7, "city": false}', fields), { ok: true, values: { city: "false", name: "7" } });
  });

  it("reports short, specific errors", () => {
    assert.deepEqual(parseOutput("I cannot help with that.", fields), { ok: false, error: "no JSON object found" });
    assert.deepEqual(parseOutput('{"name": "Anna", "city": "Kö', fields), { ok: false, error: "no complete JSON object found (cut off or malformed)" });
    assert.deepEqual(parseOutput('{"name": "Anna"}', fields), { ok: false, error: "missing field 'city'" });
    assert.deepEqual(parseOutput('{"name": null}', fields), { ok: false, error: "missing field 'city'; field 'name' is null, expected string" });
    assert.match((parseOutput("<think>hmm, the name is", fields) as { error: string }).error, /^the reasoning never ended: <think> was not closed/);
    assert.deepEqual(parseOutput("<think>hmm</think>", fields), { ok: false, error: "no answer after the <think> reasoning" });
    assert.deepEqual(parseOutput("  \n", fields), { ok: false, error: "empty output" });
  });

  it("falls back to the whole text when the fence holds no object", () => {
    assert.deepEqual(parseOutput('```\nnothing\n```\n{"name": "A", "city": "B"}', fields), { ok: true, values: { city: "B", name: "A" } });
  });

  it("validates against the fields of each call (no stale schema)", () => {
    assert.equal(parseOutput('{"a": "1"}', ["a"]).ok, true);
    assert.deepEqual(parseOutput('{"a": "1"}', ["b"]), { ok: false, error: "missing field 'b'" });
  });

  it("stays fast on long outputs full of braces", () => {
    const started = Date.now();
    const result = parseOutput("{".repeat(3000) + '{"name": "A", "city": "B"}', fields);
    assert.equal(result.ok, true);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});
