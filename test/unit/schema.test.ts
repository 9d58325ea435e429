import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { buildSchema } from "../../src/core/schema/buildSchema";
import { jsonSchemaFor } from "../../src/core/schema/jsonSchema";

describe("buildSchema", () => {
  const schema = buildSchema(["name", "city"]);

  it("has one field per target field, in sorted order", () => {
    assert.deepEqual(Object.keys(schema.shape), ["city", "name"]);
    const parsed = schema.parse({ name: "Anna", city: "Köln" });
    assert.deepEqual(Object.keys(parsed), ["city", "name"]);
  });

  it("requires every field", () => {
    const result = schema.safeParse({ name: "Anna" });
    assert.equal(result.success, false);
    assert.deepEqual(result.error?.issues.map((i) => i.message), ["missing field 'city'"]);
  });

  it("accepts unknown keys and drops them", () => {
    assert.deepEqual(schema.parse({ name: "A", city: "B", extra: 1 }), { city: "B", name: "A" });
  });

  it("coerces numbers and booleans to strings, rejects null, objects and arrays", () => {
    assert.deepEqual(schema.parse({ name: 42, city: true }), { city: "true", name: "42" });
    assert.deepEqual(schema.parse({ name: 1.5, city: false }), { city: "false", name: "1.5" });
    const messages = (value: unknown) => schema.safeParse({ name: value, city: "x" }).error?.issues.map((i) => i.message);
    assert.deepEqual(messages(null), ["field 'name' is null, expected string"]);
    assert.deepEqual(messages({ first: "A" }), ["field 'name' is an object, expected string"]);
    assert.deepEqual(messages(["A"]), ["field 'name' is an array, expected string"]);
  });

  it("accepts empty strings", () => {
    assert.deepEqual(schema.parse({ name: "", city: "" }), { city: "", name: "" });
  });
});

describe("jsonSchemaFor", () => {
  it("describes an object of required strings, sorted, with no extra keys", () => {
    assert.deepEqual(jsonSchemaFor(["name", "city"]), {
      type: "object",
      properties: { city: { type: "string" }, name: { type: "string" } },
      required: ["city", "name"],
      additionalProperties: false,
    });
  });

  it("equals zod's own JSON schema of the same plain object (minus $schema)", () => {
    const fields = ["b", "a", "c d"];
    const { $schema, ...fromZod } = z.toJSONSchema(z.strictObject(Object.fromEntries([...fields].sort().map((f) => [f, z.string()]))));
    assert.ok($schema);
    assert.deepEqual(jsonSchemaFor(fields), fromZod);
  });

  it("is valid for an empty field list", () => {
    assert.deepEqual(jsonSchemaFor([]), { type: "object", properties: {}, required: [], additionalProperties: false });
  });
});
