import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { SchemaFileError } from "../../src/core/errors/schemaFileError";
import { UserError } from "../../src/core/errors/userError";
import { loadFieldTypes } from "../../src/core/typed/loadFieldTypes";
import { findSchemaFile, parseSchema, readSchemaFile, schemaFileBeside } from "../../src/core/typed/schemaFile";

const F = "/data/x.schema.json";
const parse = (properties: unknown) => parseSchema({ type: "object", properties }, F);
function error(json: unknown): string {
  try {
    parseSchema(json, F);
  } catch (e) {
    assert.ok(e instanceof SchemaFileError && e instanceof UserError, String(e));
    assert.equal(e.file, F);
    return e.message;
  }
  assert.fail("no error");
}

describe("schema file naming", () => {
  test("the prompt's name without its last extension, plus .schema.json", () => {
    assert.equal(schemaFileBeside("/p/extract.prompt.txt"), "/p/extract.prompt.schema.json");
    assert.equal(schemaFileBeside("/p/extract.txt"), "/p/extract.schema.json");
    assert.equal(schemaFileBeside("/p/extract"), "/p/extract.schema.json");
  });

  test("an explicit file wins; the file beside is used only when it exists; no prompt, no lookup", () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-schema-"));
    const prompt = join(dir, "a.prompt.txt");
    assert.equal(findSchemaFile(prompt), undefined);
    writeFileSync(join(dir, "a.prompt.schema.json"), "{}");
    assert.equal(findSchemaFile(prompt), join(dir, "a.prompt.schema.json"));
    assert.equal(findSchemaFile(prompt, "/other.json"), "/other.json");
    assert.equal(findSchemaFile(""), undefined);
  });
});

describe("parseSchema: every supported type", () => {
  test("string, number, integer, boolean, enum, array of strings", () => {
    assert.deepEqual(
      parse({
        s: { type: "string", description: "d" },
        n: { type: "number" },
        i: { type: "integer" },
        b: { type: "boolean" },
        e: { type: "string", enum: ["a", "b"] },
        e2: { enum: ["x"] },
        a: { type: "array", items: { type: "string" } },
        a2: { type: "array" },
      }),
      {
        s: { kind: "string", nullable: false },
        n: { kind: "number", nullable: false },
        i: { kind: "integer", nullable: false },
        b: { kind: "boolean", nullable: false },
        e: { kind: "enum", nullable: false, values: ["a", "b"] },
        e2: { kind: "enum", nullable: false, values: ["x"] },
        a: { kind: "array", nullable: false },
        a2: { kind: "array", nullable: false },
      },
    );
  });

  test("nullable: a type list with null, nullable: true, or null among an enum's values", () => {
    assert.deepEqual(parse({ n: { type: ["number", "null"] }, i: { type: "integer", nullable: true }, e: { enum: ["a", null] }, a: { type: ["null", "array"] } }), {
      n: { kind: "number", nullable: true },
      i: { kind: "integer", nullable: true },
      e: { kind: "enum", nullable: true, values: ["a"] },
      a: { kind: "array", nullable: true },
    });
  });

  test("unknown top-level keys are ignored (room for a scoring section), required and $schema accepted", () => {
    assert.deepEqual(parseSchema({ $schema: "x", required: ["n"], additionalProperties: false, scoring: { n: "tolerance" }, properties: { n: { type: "number" } } }, F), {
      n: { kind: "number", nullable: false },
    });
  });
});

describe("parseSchema: bad schemas name the file, the JSON path, the problem and what is supported", () => {
  test("an unsupported type", () => {
    const message = error({ properties: { age: { type: "float" } } });
    assert.match(message, /^\/data\/x\.schema\.json: properties\.age\.type "float" is not a supported type\. Supported field types: string, number, integer, boolean, enum/);
  });
  test("objects and nested types are not supported", () => {
    assert.match(error({ properties: { who: { type: "object" } } }), /properties\.who\.type "object" is not a supported type/);
  });
  test("a typo in a property key", () => {
    assert.match(error({ properties: { age: { tpye: "integer" } } }), /properties\.age unsupported key\(s\) "tpye"/);
  });
  test("no type, only null, several types", () => {
    assert.match(error({ properties: { a: {} } }), /properties\.a\.type is missing/);
    assert.match(error({ properties: { a: { type: "null" } } }), /properties\.a\.type is only "null"/);
    assert.match(error({ properties: { a: { type: ["string", "number"] } } }), /properties\.a\.type declares several types \(string, number\)/);
  });
  test("enums of numbers, arrays of numbers, items on a scalar", () => {
    assert.match(error({ properties: { e: { enum: [1, 2] } } }), /properties\.e\.enum\[0\] must be a string \(or null, for a nullable enum\)/);
    assert.match(error({ properties: { e: { type: "number", enum: ["1"] } } }), /properties\.e\.enum an enum must be of strings, not number/);
    assert.match(error({ properties: { a: { type: "array", items: { type: "number" } } } }), /properties\.a\.items\.type must be "string": arrays hold strings/);
    assert.match(error({ properties: { s: { type: "string", items: { type: "string" } } } }), /properties\.s\.items is only allowed for type "array"/);
  });
  test("no properties, a field name that is no identifier, not an object", () => {
    assert.match(error({ type: "object" }), /: properties must be an object with one entry per field/);
    assert.match(error({ properties: {} }), /: properties declares no field/);
    assert.match(error({ properties: { "first name": { type: "bogus" } } }), /properties\["first name"\]\.type "bogus"/);
    assert.match(error({ type: "array", properties: { a: { type: "string" } } }), /: type must be "object"/);
  });
  test("a file that is not JSON, or missing", () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-schema-"));
    const file = join(dir, "bad.schema.json");
    writeFileSync(file, "{ properties: ");
    assert.throws(() => readSchemaFile(file), (e: unknown) => e instanceof SchemaFileError && e.message.startsWith(`The schema file ${file} is not valid JSON`));
    assert.throws(() => readSchemaFile(join(dir, "none.json")), (e: unknown) => e instanceof SchemaFileError && /Cannot read the schema file .*none\.json/.test(e.message));
  });
});

describe("loadFieldTypes: the schema fields must be the target columns", () => {
  test("a missing or extra field is an error naming both lists", () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-schema-"));
    const prompt = join(dir, "p.txt");
    writeFileSync(join(dir, "p.schema.json"), JSON.stringify({ properties: { age: { type: "integer" }, cty: { type: "string" } } }));
    assert.throws(
      () => loadFieldTypes(prompt, undefined, ["age", "city"], "/d/people.csv"),
      (e: unknown) =>
        e instanceof SchemaFileError &&
        e.message ===
          `${join(dir, "p.schema.json")} declares no type for the target column(s) city of /d/people.csv and declares field(s) cty that /d/people.csv has no target column for. ` +
            "Schema fields: age, cty; target columns: age, city. Make both name the same fields.",
    );
    assert.deepEqual(loadFieldTypes(prompt, undefined, ["age", "cty"], "/d/people.csv")?.types.age, { kind: "integer", nullable: false });
    assert.equal(loadFieldTypes(join(dir, "other.txt"), undefined, ["age"], "/d/people.csv"), undefined, "no schema: string fields");
  });
});
