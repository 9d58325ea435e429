import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseOutput } from "../../src/core/schema/extract";
import type { FieldTypes } from "../../src/core/typed/fieldType";
import { typedJsonSchemaFor } from "../../src/core/typed/typedJsonSchema";
import { buildTypedSchema } from "../../src/core/typed/typedSchema";

const TYPES: FieldTypes = {
  qty: { kind: "integer", nullable: false },
  price: { kind: "number", nullable: true },
  paid: { kind: "boolean", nullable: false },
  size: { kind: "enum", nullable: false, values: ["S", "M"] },
  tags: { kind: "array", nullable: false },
  note: { kind: "string", nullable: false },
};
const schema = buildTypedSchema(TYPES);
const ok = { qty: 2, price: 4.5, paid: true, size: "S", tags: ["a", "b"], note: "n" };
const messages = (patch: Record<string, unknown>) => schema.safeParse({ ...ok, ...patch }).error?.issues.map((i) => i.message);

describe("buildTypedSchema", () => {
  test("accepts values of the declared types, keys sorted, extras dropped", () => {
    const parsed = schema.parse({ ...ok, extra: 1 });
    assert.deepEqual(Object.keys(parsed), ["note", "paid", "price", "qty", "size", "tags"]);
    assert.deepEqual(parsed, { note: "n", paid: true, price: 4.5, qty: 2, size: "S", tags: ["a", "b"] });
  });

  test("coerces text a model wrote for numbers and booleans (German decimals included)", () => {
    assert.deepEqual(schema.parse({ ...ok, qty: "3", price: "4,50", paid: "yes" }), { ...ok, qty: 3, price: 4.5, paid: true });
    assert.equal(schema.parse({ ...ok, price: "1.234,5" }).price, 1234.5);
    assert.deepEqual(schema.parse({ ...ok, tags: ["a", 7] }).tags, ["a", "7"]);
  });

  test("nullable fields take null or an empty string as null; others refuse null", () => {
    assert.equal(schema.parse({ ...ok, price: null }).price, null);
    assert.equal(schema.parse({ ...ok, price: "" }).price, null);
    assert.deepEqual(messages({ qty: null }), ["field 'qty' is null, expected integer"]);
  });

  test("rejects wrong types with a message naming the field and the declared type", () => {
    assert.deepEqual(messages({ qty: 2.5 }), ["field 'qty' is a number (2.5), expected integer"]);
    assert.deepEqual(messages({ price: "cheap" }), ['field \'price\' is the string "cheap", expected number or null']);
    assert.deepEqual(messages({ paid: "maybe" }), ['field \'paid\' is the string "maybe", expected boolean']);
    assert.deepEqual(messages({ size: "s" }), ['field \'size\' is the string "s", expected enum ("S", "M")']);
    assert.deepEqual(messages({ tags: "a;b" }), ['field \'tags\' is the string "a;b", expected array of strings']);
    assert.deepEqual(messages({ note: ["x"] }), ["field 'note' is an array, expected string"]);
    assert.deepEqual(schema.safeParse({ qty: 1 }).error?.issues.map((i) => i.message), [
      "missing field 'note'", "missing field 'paid'", "missing field 'price'", "missing field 'size'", "missing field 'tags'",
    ]);
  });
});

describe("parseOutput with declared types", () => {
  test("writes typed values canonically: numbers and arrays as JSON, null as the empty cell", () => {
    const raw = '```json\n{"qty": 2, "price": "4,50", "paid": true, "size": "M", "tags": ["x","y"], "note": "hi"}\n```';
    assert.deepEqual(parseOutput(raw, Object.keys(TYPES), { types: TYPES }), {
      ok: true,
      values: { note: "hi", paid: "true", price: "4.5", qty: "2", size: "M", tags: '["x","y"]' },
    });
    const nulled = parseOutput('{"qty": 2, "price": null, "paid": false, "size": "S", "tags": [], "note": ""}', Object.keys(TYPES), { types: TYPES });
    assert.deepEqual(nulled, { ok: true, values: { note: "", paid: "false", price: "", qty: "2", size: "S", tags: "[]" } });
  });

  test("an invalid typed answer fails with the field messages; without types the same answer passes as strings", () => {
    const raw = '{"qty": 2.5, "price": 1, "paid": true, "size": "S", "tags": [], "note": "n"}';
    assert.deepEqual(parseOutput(raw, Object.keys(TYPES), { types: TYPES }), { ok: false, error: "field 'qty' is a number (2.5), expected integer" });
    assert.equal(parseOutput('{"qty": 2.5, "price": 1, "paid": true, "size": "S", "tags": "t", "note": "n"}', Object.keys(TYPES)).ok, true);
  });
});

describe("typedJsonSchemaFor", () => {
  test("every type, nullable as a type list, enums with null, nullable arrays as oneOf", () => {
    assert.deepEqual(
      typedJsonSchemaFor({
        ...TYPES,
        maybe: { kind: "enum", nullable: true, values: ["a"] },
        list: { kind: "array", nullable: true },
      }),
      {
        type: "object",
        properties: {
          list: { oneOf: [{ type: "array", items: { type: "string" } }, { type: "null" }] },
          maybe: { enum: ["a", null] },
          note: { type: "string" },
          paid: { type: "boolean" },
          price: { type: ["number", "null"] },
          qty: { type: "integer" },
          size: { enum: ["S", "M"] },
          tags: { type: "array", items: { type: "string" } },
        },
        required: ["list", "maybe", "note", "paid", "price", "qty", "size", "tags"],
        additionalProperties: false,
      },
    );
  });
});
