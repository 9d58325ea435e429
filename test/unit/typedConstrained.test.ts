import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Engine } from "../../src/core/engine/engine";
import type { ModelSpec } from "../../src/core/registry/modelSpec";
import { runBenchmark } from "../../src/core/runner/runBenchmark";
import { answerObject } from "../../src/core/schema/extract";
import { readSchemaFile } from "../../src/core/typed/schemaFile";
import { buildTypedSchema } from "../../src/core/typed/typedSchema";
import { hasDeclaredType } from "../../src/core/typed/typedValue";
import { createLlamaCppEngine } from "../../src/engines/llamaCpp";
import { column, FIXTURES, readTable } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

let engine: Engine;
let model: ModelSpec;

before(async () => {
  const path = await ensureTestModel();
  model = { name: "tiny", tier: "custom", source: { kind: "file", path } };
  engine = createLlamaCppEngine({ modelsDir: "/nonexistent", threads: 1, gpu: false, allowDownload: false });
});
after(async () => engine.dispose());

/** The typed fixture (prompt, its .schema.json beside it, a 3-row order CSV) copied to a fresh folder. */
function typedDir(): { prompt: string; csv: string; schema: string; output: string; metrics: string } {
  const dir = mkdtempSync(join(tmpdir(), "pb-typed-"));
  for (const name of ["extract.prompt.txt", "extract.prompt.schema.json", "order.csv"]) copyFileSync(join(FIXTURES, "typed", name), join(dir, name));
  return { prompt: join(dir, "extract.prompt.txt"), csv: join(dir, "order.csv"), schema: join(dir, "extract.prompt.schema.json"), output: join(dir, "out.results.csv"), metrics: join(dir, "out.metrics.csv") };
}

describe("typed fields under constrained decoding (real tiny model)", () => {
  test("the grammar from the schema beside the prompt yields output that validates with the declared types", { timeout: 600_000 }, async () => {
    const dir = typedDir();
    const summary = await runBenchmark({ promptFile: dir.prompt, csvFile: dir.csv, outputFile: dir.output, metricsFile: dir.metrics, models: [model], engine, maxNewTokens: 160, constrained: true });
    const types = readSchemaFile(dir.schema);
    const typed = buildTypedSchema(types);
    const results = readTable(dir.output);
    const raws = column(results, "raw_tiny");
    assert.equal(raws.length, 3);
    for (const raw of raws) {
      const object = answerObject(raw);
      assert.ok(object, `no JSON object in ${JSON.stringify(raw)}`);
      assert.ok(typed.safeParse(object).success, `does not validate: ${raw}`);
      // Written with the declared JSON types, not just coercible to them: the grammar constrains the types.
      for (const [field, type] of Object.entries(types)) assert.ok(hasDeclaredType(type, object[field]), `${field} in ${raw}`);
      assert.deepEqual(Object.keys(object), Object.keys(types).sort(), "the grammar writes every key, in sorted order");
    }
    assert.deepEqual(column(results, "raw_tiny__valid"), ["true", "true", "true"]);
    // Predictions are written canonically: integers and numbers as JSON numbers, arrays as JSON arrays.
    for (const cell of column(results, "pred_tiny_quantity")) assert.match(cell, /^-?\d+$/);
    for (const cell of column(results, "pred_tiny_tags")) assert.ok(Array.isArray(JSON.parse(cell)), cell);
    for (const cell of column(results, "pred_tiny_size")) assert.ok(["S", "M", "L"].includes(cell), cell);
    const rows = summary.metrics;
    assert.equal(rows.length, 6);
    for (const row of rows) {
      assert.equal(row.schema_compliance, 100);
      assert.equal(row.type_correctness, 100);
      assert.equal(row.structural_consistency, 100);
    }
  });

  test("nullable types (type lists, nullable: true, enum with null, nullable array) make a grammar node-llama-cpp accepts (schemaFile option)", { timeout: 600_000 }, async () => {
    const dir = typedDir();
    const nullable = join(dir.prompt, "..", "nullable.json");
    writeFileSync(nullable, JSON.stringify({
      properties: {
        quantity: { type: ["integer", "null"] },
        price: { type: "number", nullable: true },
        paid: { type: ["boolean", "null"] },
        size: { enum: ["S", "M", "L", null] },
        tags: { type: ["array", "null"], items: { type: "string" } },
        note: { type: "string" },
      },
    }));
    await runBenchmark({ promptFile: dir.prompt, csvFile: dir.csv, outputFile: dir.output, metricsFile: dir.metrics, models: [model], engine, maxNewTokens: 160, constrained: true, schemaFile: nullable });
    const types = readSchemaFile(nullable);
    assert.equal(types.tags!.nullable, true);
    const typed = buildTypedSchema(types);
    for (const raw of column(readTable(dir.output), "raw_tiny")) {
      const object = answerObject(raw);
      assert.ok(object && typed.safeParse(object).success, `does not validate: ${raw}`);
      for (const [field, type] of Object.entries(types)) assert.ok(hasDeclaredType(type, object[field]), `${field} in ${raw}`);
    }
  });
});
