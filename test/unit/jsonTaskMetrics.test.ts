import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { computeMetrics, type ResultsView } from "../../src/core/metrics/computeMetrics";
import { addJsonTaskMetrics, jsonMetricStatistic } from "../../src/core/metrics/json/jsonTaskMetrics";
import { meanOfRows } from "../../src/core/metrics/json/jsonMetric";
import { METRICS_HEADER } from "../../src/core/metrics/metricsCsv";
import { readMetricsCsv } from "../../src/core/metrics/readMetricsCsv";
import { metricsRowSchema } from "../../src/shared/protocol";
import { JSON_METRICS } from "../../src/core/metrics/registry";
import { identityCounts } from "../../src/core/stats";
import { readSchemaFile } from "../../src/core/typed/schemaFile";
import { runCli } from "../helpers/cli";
import { column, FIXTURES, readTable } from "../helpers/runFixture";

/**
 * The fixture (test/fixtures/typedMetrics): model m over 5 rows, fields age (integer), price (number), tags
 * (array), kind (enum a|b, nullable). r0: all match, price written as the string "1,5"; r1: age written as "30",
 * tags miss q; r2: keys in another order, tags ["z","z"] vs "z", kind null vs blank; r3: no JSON (invalid);
 * r4: never run. By hand, over the 4 rows run:
 *   accuracy  age 3/4, price 3/4, tags 2/4, kind 3/4 (model: 11/16);
 *   types     age 2/4, price 2/4, tags 3/4, kind 3/4 (model: 10/16);
 *   compliance 3/4; consistency 2/4 (r0 and r1 share the most common shape).
 */
const EXPECTED: Record<string, { field_accuracy: number; type_correctness: number }> = {
  age: { field_accuracy: 75, type_correctness: 50 },
  price: { field_accuracy: 75, type_correctness: 50 },
  tags: { field_accuracy: 50, type_correctness: 75 },
  kind: { field_accuracy: 75, type_correctness: 75 },
};
const PER_MODEL = { schema_compliance: 75, structural_consistency: 50, field_accuracy_model: 68.75, type_correctness_model: 62.5 };
const DIR = join(FIXTURES, "typedMetrics");

function view(): ResultsView {
  const table = readTable(join(DIR, "results.csv"));
  return { rowCount: table.records.length, get: (row, name) => table.records[row]!.values[table.columns.indexOf(name)] ?? "" };
}

describe("JSON-task metrics against hand-computed values", () => {
  const types = readSchemaFile(join(DIR, "extract.schema.json"));

  test("each metric's per-row values", () => {
    const input = { results: view(), types };
    assert.deepEqual(JSON_METRICS.schema_compliance.perRow(input, "m", ""), [100, 100, 100, 0, undefined]);
    assert.deepEqual(JSON_METRICS.structural_consistency.perRow(input, "m", ""), [100, 100, 0, 0, undefined]);
    assert.deepEqual(JSON_METRICS.field_accuracy.perRow(input, "m", "tags"), [100, 0, 100, 0, undefined]);
    assert.deepEqual(JSON_METRICS.type_correctness.perRow(input, "m", "age"), [100, 0, 100, 0, undefined]);
    assert.deepEqual(JSON_METRICS.type_correctness.perRow(input, "m", "price"), [0, 100, 100, 0, undefined]);
  });

  test("the metrics rows per model × field and per model", () => {
    const results = view();
    const rows = computeMetrics(results, Object.keys(types), ["m"], undefined, {}, false);
    addJsonTaskMetrics(rows, results, types);
    for (const row of rows) assert.deepEqual({ ...pick(row, ["field_accuracy", "type_correctness"]), ...pick(row, Object.keys(PER_MODEL)) }, { ...EXPECTED[row.field], ...PER_MODEL }, row.field);
  });

  test("as a bootstrap statistic, the full sample gives the metric's score", () => {
    const results = view();
    for (const [id, metric] of Object.entries(JSON_METRICS)) {
      for (const field of Object.keys(types)) {
        const statistic = jsonMetricStatistic(metric, results, types, "m", field);
        assert.equal(statistic.value(identityCounts(statistic.rows)), meanOfRows(metric.perRow({ results, types }, "m", field)), `${id} ${field}`);
      }
    }
    const counts = new Int32Array([0, 0, 0, 2, 1]); // a resample of r3 twice and r4 (never run, not counted)
    assert.equal(jsonMetricStatistic(JSON_METRICS.schema_compliance, results, types, "m", "").value(counts), 0);
  });
});

describe("a real CLI run with a .schema.json beside the prompt", () => {
  test("the metrics CSV gets the JSON-task columns, appended, with the hand-computed numbers", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-typedcli-"));
    for (const name of ["results.csv", "extract.schema.json", "extract.txt"]) copyFileSync(join(DIR, name), join(dir, name));
    const metricsFile = join(dir, "rescored.metrics.csv");
    const r = runCli(["run", "--skip-inference", "--prompt", join(dir, "extract.txt"), "--csv", join(dir, "results.csv"), "--output", join(dir, "results.csv"), "--metrics", metricsFile, "--no-history", "--no-ci"]);
    assert.equal(r.status, 0, r.stderr);
    const metrics = readTable(metricsFile);
    const tail = ["schema_compliance", "field_accuracy", "type_correctness", "structural_consistency", "field_accuracy_model", "type_correctness_model"];
    assert.deepEqual(metrics.columns.slice(-tail.length), tail);
    assert.deepEqual(METRICS_HEADER.slice(-tail.length), tail);
    const fields = column(metrics, "field");
    fields.forEach((field, i) => {
      const got = Object.fromEntries(tail.map((name) => [name, Number(column(metrics, name)[i])]));
      assert.deepEqual(got, { ...EXPECTED[field], ...PER_MODEL }, field);
    });
    assert.deepEqual([...fields].sort(), ["age", "kind", "price", "tags"]);
    // Read back for the panel and history: the columns survive the metrics reader and the panel protocol.
    const [back] = await readMetricsCsv(metricsFile);
    const panelRow = metricsRowSchema.parse(back);
    assert.equal(panelRow.schema_compliance, 75);
    assert.equal(panelRow.structural_consistency, 50);
    assert.equal(panelRow.field_accuracy, EXPECTED[panelRow.field]!.field_accuracy);
  });

  test("without a schema file the columns stay empty; a schema that does not match the targets exits 1 naming both", { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-typedcli-"));
    copyFileSync(join(DIR, "results.csv"), join(dir, "results.csv"));
    const metricsFile = join(dir, "m.csv");
    const plain = runCli(["run", "--skip-inference", "--csv", join(dir, "results.csv"), "--metrics", metricsFile, "--no-history", "--no-ci"]);
    assert.equal(plain.status, 0, plain.stderr);
    const plainMetrics = readTable(metricsFile);
    assert.equal(plainMetrics.records.length, 4);
    assert.ok(column(plainMetrics, "schema_compliance").every((v) => v === ""));
    const wrong = join(dir, "wrong.json");
    copyFileSync(join(FIXTURES, "typed", "extract.prompt.schema.json"), wrong);
    const bad = runCli(["run", "--skip-inference", "--csv", join(dir, "results.csv"), "--schema", wrong, "--metrics", metricsFile, "--no-history"]);
    assert.equal(bad.status, 1, bad.stderr);
    assert.match(bad.stderr, /wrong\.json declares no type for the target column\(s\) age, kind of .*results\.csv/);
    assert.match(bad.stderr, /target columns: age, kind, price, tags/);
  });
});

function pick(row: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (row as Record<string, unknown>)[k]]));
}
