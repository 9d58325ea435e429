import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { computeMetrics, type ResultsView } from "../../src/core/metrics/computeMetrics";
import { QUALITY_COLUMNS } from "../../src/core/metrics/csvColumns";
import { formatMetricsCsv, METRICS_HEADER } from "../../src/core/metrics/metricsCsv";
import { readMetricsCsv } from "../../src/core/metrics/readMetricsCsv";
import { factColumn, predColumn } from "../../src/core/results/columns";
import type { IntervalColumn } from "../../src/core/runner/options";
import { fixturePairs } from "../helpers/fixturePairs";
import { rng } from "../helpers/rng";

const PAIRS = fixturePairs();
const tempDir = (): string => mkdtempSync(join(tmpdir(), "pb-ci-"));
const random = rng(31);

/**
 * A results table over the fixtures' sentence pairs: model "copy" answers the reference (a few rows wrong),
 * "also" is "copy" with one row changed, "fixture" answers the fixtures' hypotheses. One row in ten is invalid.
 */
function results(): ResultsView {
  const rows = PAIRS.map(({ hyp, ref }, i) => {
    const copy = random() < 0.9 ? ref : hyp;
    const row: Record<string, string> = { text: ref };
    const put = (model: string, pred: string, valid: boolean): void => {
      row[predColumn(model, "text")] = valid ? pred : "";
      row[factColumn(model, "valid")] = String(valid);
      row[factColumn(model, "seconds")] = "1";
    };
    put("fixture", hyp, i % 10 !== 3);
    put("copy", copy, i % 10 !== 5);
    put("also", i === 0 ? `${copy} extra` : copy, i % 10 !== 5);
    put("none", "", false);
    return row;
  });
  return { rowCount: rows.length, get: (row, column) => rows[row]?.[column] ?? "" };
}

const ci = (column: string, side: "low" | "high") => `${column}_ci_${side}` as IntervalColumn;

test("the metrics' scores are the same with and without intervals, bit for bit; each gets an interval around it", () => {
  const view = results();
  const plain = computeMetrics(view, ["text"], ["fixture", "copy"], undefined, {}, false);
  const withCi = computeMetrics(view, ["text"], ["fixture", "copy"]);
  withCi.forEach((row, k) => {
    for (const { column } of QUALITY_COLUMNS) {
      assert.equal(row[column], plain[k]![column], `${row.model} ${column}`);
      assert.equal(plain[k]![ci(column, "low")], undefined, "no interval when turned off");
      const low = row[ci(column, "low")]!;
      const high = row[ci(column, "high")]!;
      assert.ok(low <= (row[column] as number) && (row[column] as number) <= high, `${row.model} ${column}: ${row[column]} in [${low}, ${high}]`);
      if (row.model === "fixture") assert.ok(low < high, `${column}: a real spread`);
    }
  });
});

test("rank by chrF++: a clearly better model ranks 1, one that differs in a single row ties with it", () => {
  const rows = computeMetrics(results(), ["text"], ["fixture", "copy", "also", "none"]);
  const rank = Object.fromEntries(rows.map((r) => [r.model, r.rank]));
  assert.deepEqual(rank, { fixture: 3, copy: 1, also: 1, none: undefined });
  const none = rows.find((r) => r.model === "none")!;
  for (const { column } of QUALITY_COLUMNS) assert.equal(none[ci(column, "low")], undefined, "no valid row: empty");
});

test("the intervals are reproducible (fixed default seed) and follow the seed option", () => {
  const view = results();
  const a = computeMetrics(view, ["text"], ["fixture"]);
  assert.deepEqual(computeMetrics(view, ["text"], ["fixture"]), a);
  const b = computeMetrics(view, ["text"], ["fixture"], undefined, {}, { seed: 7 });
  assert.equal(b[0]!.chrf, a[0]!.chrf);
  assert.notDeepEqual([b[0]!.chrf_ci_low, b[0]!.chrf_ci_high], [a[0]!.chrf_ci_low, a[0]!.chrf_ci_high]);
});

test("the metrics CSV appends the interval and rank columns and reads them back; an older file reads without them", async () => {
  const rows = computeMetrics(results(), ["text"], ["fixture", "copy"]);
  const csv = formatMetricsCsv(rows);
  const header = csv.split(/\r?\n/)[0]!.split(",");
  const added = [...QUALITY_COLUMNS.flatMap(({ column }) => [ci(column, "low"), ci(column, "high")]), "rank"];
  assert.deepEqual(header.slice(32, 32 + added.length), added);
  assert.deepEqual(header.slice(32 + added.length), ["params_b", "schema_compliance", "field_accuracy", "type_correctness", "structural_consistency", "field_accuracy_model", "type_correctness_model"], "then the model-size column, then issue 13's JSON-task columns");
  assert.equal(header.slice(0, 32).join(","), METRICS_HEADER.slice(0, 32).join(","), "earlier columns unchanged");
  const dir = tempDir();
  const file = join(dir, "new.metrics.csv");
  writeFileSync(file, csv);
  const [back] = await readMetricsCsv(file);
  assert.equal(back!.rank, rows[0]!.rank);
  assert.equal(back!.chrf_ci_low, Math.round(rows[0]!.chrf_ci_low! * 10000) / 10000);
  // A file written before issue 12: the header stops at `cost`.
  const old = csv
    .split(/\r?\n/)
    .filter((l) => l !== "")
    .map((l) => l.split(",").slice(0, 32).join(","))
    .join("\n");
  const oldFile = join(dir, "old.metrics.csv");
  writeFileSync(oldFile, `${old}\n`);
  const [before] = await readMetricsCsv(oldFile);
  assert.equal(before!.chrf, back!.chrf);
  assert.equal(before!.chrf_ci_low, undefined);
  assert.equal(before!.rank, undefined);
});
