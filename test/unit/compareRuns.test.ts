// compareRuns (issue 12, compare): paired comparison of two run records, checked against the metrics the
// pipeline records, on data with a known difference, on identical and reordered runs.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compareRuns, type Comparison, type MetricComparison } from "../../src/core/compare";
import { DatasetMismatchError } from "../../src/core/errors/datasetMismatchError";
import type { MetricsRow } from "../../src/core/runner/options";
import { checkShape, reordered, runOf, type RowSpec } from "../helpers/compareRun";
import { rng } from "../helpers/rng";

const CITIES = ["Berlin", "Köln", "München", "Zürich", "Hamburg", "Bremen"];
const WORDS = ["the", "patient", "was", "seen", "today", "with", "mild", "fever", "and", "cough", "since", "Monday"];

/** n rows; a system gets a row right with probability `quality` (the same latent draw per row for every system, so systems are correlated). */
function rowsOf(n: number, quality: number, seed: number, latentSeed = 1): RowSpec[] {
  const latent = rng(latentSeed);
  const noise = rng(seed);
  const out: RowSpec[] = [];
  for (let i = 0; i < n; i++) {
    const u = latent();
    const city = CITIES[i % CITIES.length]!;
    const note = Array.from({ length: 8 }, (_, k) => WORDS[(i + k * 5) % WORDS.length]).join(" ");
    const right = u < quality;
    const valid = noise() < 0.92 || right;
    const wrongNote = note.split(" ").map((w, k) => (k % 3 === 0 ? w.toUpperCase() : w)).join(" ");
    out.push({
      source: `row ${i}: ${city}, ${note}`,
      expected: { city, note },
      pred: valid ? { city: right ? city : CITIES[(i + 1) % CITIES.length]!, note: right ? note : wrongNote } : {},
      valid,
      ...(!valid && { error: "no JSON object found" }),
      seconds: 0.2 + noise() * (right ? 0.3 : 0.6),
      tokensIn: 100 + (i % 7),
      tokensOut: 20 + (i % 5),
    });
  }
  return out;
}

const metric = (c: Comparison, field: string, id: string): MetricComparison => {
  const m = c.models[0]!.fields.find((f) => f.field === field)!.metrics.find((x) => x.metric === id);
  assert.ok(m, `${field} ${id} compared`);
  return m;
};
const measure = (c: Comparison, id: string) => c.models[0]!.measures.find((m) => m.measure === id);
const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} vs ${expected}`);
const recorded = (metrics: readonly MetricsRow[], field: string) => metrics.find((m) => m.field === field)!;

describe("compareRuns", () => {
  const a = runOf("a", rowsOf(150, 0.55, 11));
  const b = runOf("b", rowsOf(150, 0.85, 12));

  test("scores and deltas are those of the recorded metrics: B − A for every metrics-CSV column and measure", { timeout: 120_000 }, () => {
    const c = compareRuns(a, b, { resamples: 200 });
    assert.equal(c.rowsCompared, 150);
    assert.equal(c.rowsOnlyInA, 0);
    assert.equal(c.rowsOnlyInB, 0);
    assert.deepEqual(c.models.map((m) => m.model), ["m"]);
    assert.deepEqual(c.models[0]!.fields.map((f) => f.field), ["city", "note"]);
    for (const field of ["city", "note"]) {
      const ra = recorded(a.metrics, field);
      const rb = recorded(b.metrics, field);
      for (const [column, id] of [["chrf", "chrf++"], ["bleu", "bleu"], ["rouge1", "rouge1"], ["rouge2", "rouge2"], ["rougeL", "rougeL"], ["exact_match", "exact_match"]] as const) {
        const m = metric(c, field, id);
        close(m.a.score, ra[column]!, `${field} ${id} A`);
        close(m.b.score, rb[column]!, `${field} ${id} B`);
        close(m.delta, rb[column]! - ra[column]!, `${field} ${id} delta`);
        assert.ok(m.deltaLow <= m.delta && m.delta <= m.deltaHigh, `${field} ${id}: the interval holds the delta`);
      }
      // Every metric id is there, error rates marked lower-is-better.
      assert.deepEqual(c.models[0]!.fields.find((f) => f.field === field)!.metrics.map((m) => m.metric), ["bleu", "chrf", "chrf++", "rouge1", "rouge2", "rougeL", "rougeLsum", "wer", "cer", "mer", "wil", "exact_match"]);
      assert.equal(metric(c, field, "wer").lowerIsBetter, true);
      assert.equal(metric(c, field, "bleu").lowerIsBetter, false);
    }
    const ra = a.metrics[0]!;
    const rb = b.metrics[0]!;
    close(measure(c, "validity")!.delta, (100 * (rb.n_valid - ra.n_valid)) / 150, "validity");
    close(measure(c, "latency_p50_s")!.delta, rb.latency_p50_s! - ra.latency_p50_s!, "p50");
    close(measure(c, "latency_p95_s")!.delta, rb.latency_p95_s! - ra.latency_p95_s!, "p95");
    close(measure(c, "tokens_per_sec")!.a.score, ra.tokens_per_sec, "tokens/s A");
    close(measure(c, "tokens_per_sec")!.delta, rb.tokens_per_sec - ra.tokens_per_sec, "tokens/s");
    assert.equal(measure(c, "cost"), undefined, "no price on either side: no cost");
    close(measure(c, "latency_p95_s")!.relative!, (rb.latency_p95_s! - ra.latency_p95_s!) / ra.latency_p95_s!, "relative");
  });

  test("a large known difference is significant (p < 0.01); a run against itself is not (p = 1) and has no changed rows", { timeout: 120_000 }, () => {
    const c = compareRuns(a, b);
    assert.deepEqual(c.bootstrap, { resamples: 1000, seed: 12345, confidence: 0.95 });
    const em = metric(c, "city", "exact_match");
    assert.ok(em.delta > 20, `delta ${em.delta}`);
    assert.ok(em.p < 0.01 && em.significant, `p ${em.p}`);
    assert.ok(metric(c, "note", "chrf++").significant);
    assert.ok(metric(c, "note", "wer").delta < 0 && metric(c, "note", "wer").significant, "fewer word errors");

    const same = compareRuns(a, a);
    for (const f of same.models[0]!.fields) {
      for (const m of f.metrics) {
        assert.equal(m.delta, 0, `${f.field} ${m.metric}`);
        assert.equal(m.p, 1, `${f.field} ${m.metric}`);
        assert.equal(m.significant, false);
        assert.equal(m.deltaLow, 0);
        assert.equal(m.deltaHigh, 0);
      }
    }
    for (const m of same.models[0]!.measures) assert.equal(m.significant, false, m.measure);
    assert.deepEqual(same.models[0]!.changedRows, []);
  });

  test("the same seed gives the same comparison; another seed other intervals", { timeout: 120_000 }, () => {
    const x = compareRuns(a, b, { resamples: 300, seed: 7 });
    assert.deepEqual(compareRuns(a, b, { resamples: 300, seed: 7 }), x);
    const y = compareRuns(a, b, { resamples: 300, seed: 8 });
    assert.equal(y.models[0]!.fields[1]!.metrics[2]!.delta, x.models[0]!.fields[1]!.metrics[2]!.delta);
    assert.notEqual(y.models[0]!.fields[1]!.metrics[2]!.deltaLow, x.models[0]!.fields[1]!.metrics[2]!.deltaLow);
    assert.equal(x.bootstrap.resamples, 300);
    assert.equal(x.models[0]!.fields[0]!.metrics[0]!.resamples, 300);
  });

  test("rows are matched by input hash: a reordered B gives the same scores, and a changed row keeps its own predictions", { timeout: 120_000 }, () => {
    const order = Array.from({ length: 150 }, (_, i) => (i * 37) % 150);
    const shuffled = reordered(b, order);
    const straight = compareRuns(a, b, { resamples: 100 });
    const moved = compareRuns(a, shuffled, { resamples: 100 });
    for (const [k, f] of straight.models[0]!.fields.entries()) {
      for (const [j, m] of f.metrics.entries()) {
        const n = moved.models[0]!.fields[k]!.metrics[j]!;
        close(n.a.score, m.a.score, `${f.field} ${m.metric} A`);
        close(n.b.score, m.b.score, `${f.field} ${m.metric} B`);
      }
    }
    const self = compareRuns(a, reordered(a, order));
    assert.deepEqual(self.models[0]!.changedRows, [], "the same outputs in another order: nothing changed");
    assert.ok(self.models[0]!.fields.every((f) => f.metrics.every((m) => m.delta === 0)));
    // A changed row is reported with B's row and line, and each side's own prediction for that input.
    const row = moved.models[0]!.changedRows[0]!;
    const inB = shuffled.references.find((r) => r.row === row.row)!;
    const inA = a.references.find((r) => r.sha256 === inB.sha256)!;
    assert.equal(row.line, inB.line);
    assert.deepEqual(row.expected, inB.expected);
    assert.deepEqual(row.predictionsA, a.rows.find((r) => r.row === inA.row)!.predictions);
    assert.deepEqual(row.predictionsB, shuffled.rows.find((r) => r.row === row.row)!.predictions);
  });

  test("changed rows: newly invalid first, then the largest regression; unchanged rows are not listed", () => {
    const base: RowSpec[] = [0, 1, 2, 3, 4].map((i) => ({ source: `s${i}`, expected: { t: `alpha beta gamma ${i}` }, pred: { t: `alpha beta gamma ${i}` }, valid: true }));
    const next = base.map((r) => ({ ...r, pred: { ...r.pred } }));
    next[1] = { ...next[1]!, pred: { t: "alpha" } }; // big regression
    next[2] = { ...next[2]!, pred: { t: "alpha beta gamma" } }; // small regression
    next[3] = { ...next[3]!, pred: {}, valid: false, error: "no JSON object found" }; // newly invalid
    const worse = runOf("w", next);
    const c = compareRuns(runOf("o", base), worse, { resamples: 50 });
    const rows = c.models[0]!.changedRows;
    assert.deepEqual(rows.map((r) => [r.row, r.change]), [[3, "newly-invalid"], [1, "regressed"], [2, "regressed"]]);
    assert.ok(rows[1]!.scoreDelta < rows[2]!.scoreDelta && rows[2]!.scoreDelta < 0);
    assert.equal(rows[0]!.errorB, "no JSON object found");
    assert.equal(rows[0]!.validA, true);
    assert.equal(rows[0]!.validB, false);
    assert.equal(rows[0]!.scoreDelta, -100, "a newly invalid row loses its whole score");
    assert.deepEqual(rows[1]!.predictionsB, { t: "alpha" });
    assert.equal(rows[1]!.field, "t");
    // And the other way round: improved and newly valid.
    const back = compareRuns(worse, runOf("o", base), { resamples: 50 }).models[0]!.changedRows;
    assert.deepEqual(back.map((r) => [r.row, r.change]).sort(), [[1, "improved"], [2, "improved"], [3, "newly-valid"]]);
    // --rows N keeps the first N and says how many there were.
    const cut = compareRuns(runOf("o", base), worse, { resamples: 50, changedRows: 1 }).models[0]!;
    assert.equal(cut.changedRows.length, 1);
    assert.equal(cut.changedRowCount, 3);
  });

  test("runs of different datasets (no shared row) are refused with a UserError naming both", () => {
    const other = runOf("x", rowsOf(20, 0.5, 3).map((r) => ({ ...r, source: `other ${r.source}` })));
    assert.throws(() => compareRuns(a, other, { sides: { a: { label: "baseline" }, b: { label: "latest" } } }), (e: unknown) => {
      assert.ok(e instanceof DatasetMismatchError);
      assert.match((e as Error).message, /^baseline and latest share no dataset row \(150 and 20 rows/);
      return true;
    });
  });

  test("partly overlapping datasets: only shared rows are compared, the others counted; models by name", { timeout: 60_000 }, () => {
    const rows = rowsOf(40, 0.6, 5);
    const head = runOf("h", rows.slice(0, 30));
    const tail = runOf("t", rows.slice(10), "m");
    const c = compareRuns(head, tail, { resamples: 50 });
    assert.equal(c.rowsCompared, 20);
    assert.equal(c.rowsOnlyInA, 10);
    assert.equal(c.rowsOnlyInB, 10);
    const other = runOf("o", rows.slice(0, 30), "n");
    const none = compareRuns(head, other, { resamples: 50 });
    assert.deepEqual(none.models, []);
    assert.deepEqual(none.modelsOnlyInA, ["m"]);
    assert.deepEqual(none.modelsOnlyInB, ["n"]);
  });

  test("cost: per-row tokens at the recorded prices, as the metrics' cost column; lower is better", { timeout: 60_000 }, () => {
    const rows = rowsOf(60, 0.6, 5);
    const cheap = runOf("c", rows, "m", { pricePer1kInput: 0.5, pricePer1kOutput: 1.5 });
    const dear = runOf("d", rows, "m", { pricePer1kInput: 1, pricePer1kOutput: 2 });
    const cost = measure(compareRuns(cheap, dear, { resamples: 100 }), "cost")!;
    close(cost.a.score, cheap.metrics[0]!.cost!, "cost A");
    close(cost.b.score, dear.metrics[0]!.cost!, "cost B");
    assert.equal(cost.lowerIsBetter, true);
    assert.ok(cost.significant);
    close(cost.relative!, (dear.metrics[0]!.cost! - cheap.metrics[0]!.cost!) / cheap.metrics[0]!.cost!, "relative");
  });

  test("the JSON of a comparison round-trips exactly (no NaN, no undefined) and has the Comparison's shape", { timeout: 60_000 }, () => {
    const c = compareRuns(a, b, { resamples: 100, changedRows: 5 });
    const back = JSON.parse(JSON.stringify(c)) as Comparison;
    assert.deepStrictEqual(back, c);
    checkShape(back);
  });
});
