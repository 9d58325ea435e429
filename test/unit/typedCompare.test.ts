import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { FieldType } from "../../src/core/typed/fieldType";
import { parseNumber } from "../../src/core/typed/parseNumber";
import { canonicalCell, hasDeclaredType, parseBoolean, parseCell, valuesEqual } from "../../src/core/typed/typedValue";

const t = (kind: FieldType["kind"], nullable = false, values?: string[]): FieldType => ({ kind, nullable, ...(values && { values }) });

describe("parseNumber: English and German notation", () => {
  const cases: Array<[string, number | undefined]> = [
    ["1.5", 1.5], ["1,5", 1.5], ["-1,5", -1.5], [",5", 0.5], ["1.234,5", 1234.5], ["1,234.5", 1234.5],
    ["1,234", 1.234], ["1.234", 1.234], ["1.234.567", 1234567], ["1,234,567", 1234567], ["1.234.567,89", 1234567.89],
    ["1 234,5", 1234.5], ["1\u00a0234", 1234], ["42", 42], ["+3", 3], ["2e3", 2000], ["1.", 1],
    ["", undefined], ["abc", undefined], ["1,2,3", undefined], ["12.34,5", undefined], ["1,23.4", undefined], ["NaN", undefined],
    ["Infinity", undefined], ["0x10", undefined], [",", undefined], [".", undefined], ["1.2.3", undefined], ["1,5€", undefined],
  ];
  for (const [text, expected] of cases) test(JSON.stringify(text), () => assert.equal(parseNumber(text), expected));
});

describe("parseBoolean", () => {
  test("true/false, yes/no, ja/nein, wahr/falsch, 1/0, any case", () => {
    for (const s of ["true", "YES", "Ja", "wahr", "1", " true "]) assert.equal(parseBoolean(s), true, s);
    for (const s of ["false", "No", "NEIN", "falsch", "0"]) assert.equal(parseBoolean(s), false, s);
    for (const s of ["", "maybe", "y", "2"]) assert.equal(parseBoolean(s), undefined, s);
  });
});

describe("parseCell: reference cells by type", () => {
  test("arrays from JSON, `;` or `|` lists, trimmed; blank is null", () => {
    assert.deepEqual(parseCell(t("array"), '["a", "b c"]'), ["a", "b c"]);
    assert.deepEqual(parseCell(t("array"), "a; b ;c"), ["a", "b", "c"]);
    assert.deepEqual(parseCell(t("array"), "a|b"), ["a", "b"]);
    assert.deepEqual(parseCell(t("array"), "a|b;c"), ["a|b", "c"], "`;` wins when both appear");
    assert.deepEqual(parseCell(t("array"), "single"), ["single"]);
    assert.deepEqual(parseCell(t("array"), "[not json"), ["[not json"]);
    assert.equal(parseCell(t("array"), "  "), null);
  });
  test("integers must be whole; nullable fields read `null` as null", () => {
    assert.equal(parseCell(t("integer"), "1.234.567"), 1234567);
    assert.equal(parseCell(t("integer"), "2,5"), undefined);
    assert.equal(parseCell(t("number", true), "NULL"), null);
    assert.equal(parseCell(t("string"), "null"), "null", "a non-nullable string keeps the text");
  });
});

describe("valuesEqual: a prediction matches when equal by type", () => {
  test("numbers numerically, whatever the notation", () => {
    const n = t("number");
    assert.ok(valuesEqual(n, parseCell(n, "1.5"), parseCell(n, "1,5")));
    assert.ok(valuesEqual(n, parseCell(n, "1234.5"), parseCell(n, "1.234,5")));
    assert.ok(valuesEqual(n, parseCell(n, "2"), parseCell(n, "2,00")));
    assert.ok(!valuesEqual(n, parseCell(n, "1.5"), parseCell(n, "1,51")));
    assert.ok(!valuesEqual(n, parseCell(n, "abc"), parseCell(n, "abc")), "an unreadable value matches nothing");
  });
  test("enums exactly (case counts), strings as exact match does (trim, case-insensitive)", () => {
    const e = t("enum", false, ["M", "m"]);
    assert.ok(valuesEqual(e, "M", parseCell(e, " M ")));
    assert.ok(!valuesEqual(e, "m", parseCell(e, "M")));
    assert.ok(valuesEqual(t("string"), "Berlin ", "berlin"));
  });
  test("arrays as sets: order and repeats ignored, items exact", () => {
    const a = t("array");
    assert.ok(valuesEqual(a, ["b", "a", "a"], parseCell(a, "a;b")));
    assert.ok(valuesEqual(a, parseCell(a, '["x","y"]'), parseCell(a, "y|x")));
    assert.ok(!valuesEqual(a, ["a"], parseCell(a, "a;b")));
    assert.ok(!valuesEqual(a, ["A", "b"], parseCell(a, "a;b")));
  });
  test("booleans by meaning; blank equals only blank", () => {
    const b = t("boolean");
    assert.ok(valuesEqual(b, true, parseCell(b, "ja")));
    assert.ok(!valuesEqual(b, false, parseCell(b, "yes")));
    const n = t("number", true);
    assert.ok(valuesEqual(n, null, parseCell(n, "")));
    assert.ok(valuesEqual(t("array"), [], parseCell(t("array"), "")));
    assert.ok(!valuesEqual(n, 0, parseCell(n, "")));
    assert.ok(!valuesEqual(n, null, parseCell(n, "0")));
  });
});

describe("canonicalCell and hasDeclaredType", () => {
  test("canonical cells: numbers and arrays as JSON, null empty", () => {
    assert.deepEqual([canonicalCell(1.5), canonicalCell(true), canonicalCell(["a", "b"]), canonicalCell(null), canonicalCell("x")], ["1.5", "true", '["a","b"]', "", "x"]);
  });
  test("the JSON type as written, before coercion", () => {
    assert.ok(hasDeclaredType(t("integer"), 3));
    assert.ok(!hasDeclaredType(t("integer"), "3"));
    assert.ok(!hasDeclaredType(t("integer"), 3.5));
    assert.ok(!hasDeclaredType(t("number"), "1,5"));
    assert.ok(!hasDeclaredType(t("boolean"), "true"));
    assert.ok(hasDeclaredType(t("enum", false, ["a"]), "a"));
    assert.ok(!hasDeclaredType(t("enum", false, ["a"]), "b"));
    assert.ok(!hasDeclaredType(t("array"), ["a", 1]));
    assert.ok(hasDeclaredType(t("number", true), null));
    assert.ok(!hasDeclaredType(t("number"), null));
  });
});
