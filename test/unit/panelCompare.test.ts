import assert from "node:assert/strict";
import { test } from "node:test";
import type { ChangedRow, Comparison } from "../../src/core/compare/comparison";
import { TEXT_METRICS } from "../../src/core/metrics/registry";
import { deltaFigure, metricScale } from "../../src/core/plots/compareFigure";
import { historyFigures } from "../../src/core/plots/historyFigures";
import { LIGHT_THEME } from "../../src/core/plots/theme";
import { MAX_CHANGED_ROWS, compareMessage } from "../../src/shared/compareProtocol";
import { parseFromWebview, parseToWebview } from "../../src/shared/protocol";

const interval = (score: number) => ({ score, mean: score, low: score - 1, high: score + 1 });
const paired = (a: number, b: number, p: number) => ({ a: interval(a), b: interval(b), delta: b - a, deltaLow: b - a - 1.5, deltaHigh: b - a + 0.5, p, resamples: 1000, seed: 12345, confidence: 0.95 });
const changed = (row: number): ChangedRow => ({
  row, line: row + 2, change: "regressed", field: "city", scoreDelta: -10, expected: { city: "Berlin" },
  predictionsA: { city: "Berlin" }, predictionsB: { city: "<img src=x onerror=alert(1)>" }, validA: true, validB: true,
});

/** A comparison by hand (the shape compare produces), with `rows` changed rows for its model. */
function handComparison(rows: number): Comparison {
  return {
    a: { id: "20261206T100000000Z-aaaaaa", label: "20261206T100000000Z-aaaaaa", source: "history", startedAt: "2026-12-06T10:00:00.000Z" },
    b: { id: "20261206T110000000Z-bbbbbb", label: "latest", source: "history", startedAt: "2026-12-06T11:00:00.000Z" },
    rowsCompared: rows, rowsOnlyInA: 0, rowsOnlyInB: 0,
    bootstrap: { resamples: 1000, seed: 12345, confidence: 0.95 },
    models: [
      {
        model: "tiny",
        fields: [{ field: "city", metrics: [{ ...paired(50, 40, 0.002), metric: "chrf++", lowerIsBetter: false, significant: true }, { ...paired(0.2, 0.3, 0.4), metric: "wer", lowerIsBetter: true, significant: false }] }],
        measures: [{ ...paired(90, 80, 0.01), measure: "validity", unit: "%", lowerIsBetter: false, significant: true, relative: -0.111 }],
        changedRows: Array.from({ length: rows }, (_, i) => changed(i)),
      },
    ],
    modelsOnlyInA: [], modelsOnlyInB: ["<b>new</b>"],
  };
}

test("a compare message carries Comparisons through the protocol, changed rows capped with their total", () => {
  const comparison = handComparison(MAX_CHANGED_ROWS + 5);
  const message = compareMessage([comparison]);
  assert.equal(message.comparisons[0]!.models[0]!.changedRows.length, MAX_CHANGED_ROWS);
  assert.equal(message.comparisons[0]!.models[0]!.changedRowCount, MAX_CHANGED_ROWS + 5);
  assert.ok(parseToWebview(message).ok, "the capped message passes the schema");
  const small = handComparison(3);
  // JSON (what postMessage does) turns NaN into null; the schema takes it.
  small.models[0]!.measures[0]!.relative = Number.NaN;
  const parsed = parseToWebview(JSON.parse(JSON.stringify({ type: "compare", comparisons: [small, small] })));
  assert.ok(parsed.ok, parsed.ok ? "" : parsed.error);
  assert.equal(parsed.message.type, "compare");
  // Over the cap, or missing a field: dropped with a message.
  assert.equal(parseToWebview({ type: "compare", comparisons: [comparison] }).ok, false);
  const { rowsCompared: _, ...broken } = small;
  void _;
  const bad = parseToWebview({ type: "compare", comparisons: [broken] });
  assert.ok(!bad.ok && /rowsCompared/.test(bad.error), JSON.stringify(bad));
});

test("the History tab's messages are checked both ways", () => {
  const run = { id: "r1", startedAt: "2026-12-06T10:00:00.000Z", endedAt: "2026-12-06T10:01:00.000Z", status: "completed", promptFirstLine: "Extract", promptSha256: "ab", datasetFile: "/d.csv", datasetSha256: "cd", rows: 3, resultsFile: "/r.csv", models: [{ model: "tiny", chrf: 12.5, rowsDone: 3 }] };
  assert.ok(parseToWebview({ type: "history", file: "/h.sqlite", runs: [run], total: 1 }).ok);
  assert.equal(parseToWebview({ type: "history", file: "/h.sqlite", runs: [{ ...run, status: "weird" }], total: 1 }).ok, false);
  assert.ok(parseFromWebview({ type: "requestHistory" }).ok);
  assert.ok(parseFromWebview({ type: "compareRuns", a: "r1", b: "r2" }).ok);
  assert.equal(parseFromWebview({ type: "compareRuns", a: "", b: "r2" }).ok, false);
  assert.ok(parseToWebview({ type: "showTab", tab: "compare" }).ok);
});

test("the overview's metrics rows keep the intervals and the rank", () => {
  const row = { model: "m", field: "city", n_total: 2, n_valid: 2, chrf: 54.2, chrf_ci_low: 52.9, chrf_ci_high: 55.5, bleu_ci_low: 1, bleu_ci_high: 2, rank: 1 };
  const parsed = parseToWebview({ type: "results", run: { metricsFile: "/m.csv" }, metrics: [row], failures: [], failuresTotal: 0 });
  assert.ok(parsed.ok && parsed.message.type === "results");
  assert.deepEqual(parsed.message.metrics[0], row);
});

test("the delta chart draws each delta with its 95% CI as asymmetric error bars, grouped by significance", () => {
  const c = handComparison(1);
  const deltas = c.models.flatMap((m) => m.fields.flatMap((f) => f.metrics.map((x) => ({ ...x, model: "<img src=x>", field: f.field }))));
  const built = deltaFigure(deltas, LIGHT_THEME);
  assert.ok(built);
  const traces = built.figure.data as { name: string; x: number[]; y: string[]; error_x: { array: number[]; arrayminus: number[] } }[];
  assert.deepEqual(traces.map((t) => t.name), ["significantly worse", "not significant"]);
  assert.deepEqual(traces[0]!.x, [-10]);
  assert.deepEqual(traces[0]!.error_x.array, [0.5]);
  assert.deepEqual(traces[0]!.error_x.arrayminus, [1.5]);
  assert.deepEqual(traces[0]!.y, ["&lt;img src=x&gt; · city · chrf++"], "names reach plotly escaped");
  // wer (0–1) went up by 0.1 but is not significant; the chart puts it ×100.
  assert.equal(traces[1]!.x.length, 1);
  assert.ok(Math.abs(traces[1]!.x[0]! - 10) < 1e-9, String(traces[1]!.x[0]));
  assert.ok(Math.abs(traces[1]!.error_x.arrayminus[0]! - 150) < 1e-9);
  assert.equal(deltaFigure([], LIGHT_THEME), undefined);
});

test("the history figures draw each headline metric per model from the oldest run to the newest", () => {
  const runs = [
    { id: "r3", startedAt: "2026-12-06T12:00:00.000Z", models: [{ model: "a", chrf: 30, validRate: 1 }, { model: "b", chrf: 20 }] },
    { id: "r1", startedAt: "2026-12-06T10:00:00.000Z", models: [{ model: "a", chrf: 10, validRate: 0.5 }] },
    { id: "r2", startedAt: "2026-12-06T11:00:00.000Z", models: [{ model: "a", chrf: null }] },
  ];
  const figures = historyFigures(runs, LIGHT_THEME);
  assert.deepEqual(figures.map((f) => f.name), ["history_chrf.png", "history_valid.png"], "exact match: no run has it");
  const chrf = figures[0]!.figure.data as { name: string; x: string[]; y: number[] }[];
  assert.deepEqual(chrf.map((t) => [t.name, t.x, t.y]), [
    ["a", ["2026-12-06T10:00:00.000Z", "2026-12-06T12:00:00.000Z"], [10, 30]],
    ["b", ["2026-12-06T12:00:00.000Z"], [20]],
  ]);
  const valid = figures[1]!.figure.data as { y: number[] }[];
  assert.deepEqual(valid[0]!.y, [50, 100]);
});

test("the chart's 0–1 metrics are the registry's", () => {
  for (const [id, metric] of Object.entries(TEXT_METRICS)) assert.equal(metricScale(id), metric.scale, id);
  assert.equal(metricScale("exact_match"), "0-100");
});
