import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { Comparison } from "../../src/core/compare";
import type { PredictionRow, ReferenceRow, RunRecord } from "../../src/core/history/runRecord";
import { computeMetrics, type ResultsView } from "../../src/core/metrics/computeMetrics";
import { factColumn, predColumn } from "../../src/core/results/columns";

/** One dataset row and one model's outcome on it. */
export interface RowSpec {
  source: string;
  expected: Record<string, string>;
  pred: Record<string, string>;
  valid: boolean;
  seconds?: number;
  tokensIn?: number;
  tokensOut?: number;
  error?: string;
}

/**
 * A run record of one model over `rows`, with the metrics the pipeline would have written for them (computeMetrics
 * over the same cells), so a comparison can be checked against the recorded metrics.
 */
export function runOf(id: string, rows: readonly RowSpec[], model = "m", info: Record<string, unknown> = {}): RunRecord {
  const fields = Object.keys(rows[0]!.expected);
  const references: ReferenceRow[] = rows.map((r, row) => ({ row, line: row + 2, sha256: hashOf(r), expected: { ...r.expected } }));
  const predictions: PredictionRow[] = rows.map((r, row) => ({
    model,
    row,
    predictions: { ...r.pred },
    raw: JSON.stringify(r.pred),
    valid: r.valid,
    ...(r.error !== undefined && { error: r.error }),
    tokensIn: r.tokensIn,
    tokensOut: r.tokensOut,
    seconds: r.seconds,
  }));
  const cells = rows.map((r) => {
    const c: Record<string, string> = { source: r.source, ...r.expected, [factColumn(model, "valid")]: String(r.valid) };
    for (const f of fields) c[predColumn(model, f)] = r.pred[f] ?? "";
    if (r.seconds !== undefined) c[factColumn(model, "seconds")] = String(r.seconds);
    if (r.tokensIn !== undefined) c[factColumn(model, "tokens_in")] = String(r.tokensIn);
    if (r.tokensOut !== undefined) c[factColumn(model, "tokens_out")] = String(r.tokensOut);
    return c;
  });
  const view: ResultsView = { rowCount: cells.length, get: (row, column) => cells[row]![column] ?? "" };
  const perf = typeof info.pricePer1kInput === "number" || typeof info.pricePer1kOutput === "number" ? { [model]: info } : {};
  const metrics = computeMetrics(view, fields, [model], undefined, perf, false);
  return {
    id,
    startedAt: "2026-12-06T20:00:00.000Z",
    endedAt: "2026-12-06T20:01:00.000Z",
    status: "completed",
    prompt: { file: "/w/p.txt", text: id, sha256: createHash("sha256").update(id).digest("hex") },
    dataset: { file: "/w/d.csv", sha256: "d".repeat(64), rows: rows.length },
    resultsFile: `/w/${id}.results.csv`,
    fields,
    params: { maxNewTokens: 32, constrained: false, temperature: 0, runBy: "test" },
    versions: { node: "20", platform: "linux", arch: "x64" },
    models: [{ name: model, kind: "file", info }],
    metrics,
    references,
    rows: predictions,
  };
}

/** The input cells' hash, as collectRun computes it (any stable hash of source + expected does here). */
function hashOf(r: RowSpec): string {
  return createHash("sha256").update(JSON.stringify([r.source, r.expected])).digest("hex");
}

/** The same run with its dataset rows in another order (rows renumbered, hashes kept). */
export function reordered(run: RunRecord, order: readonly number[], id = `${run.id}-reordered`): RunRecord {
  const newRow = new Map(order.map((old, row) => [old, row]));
  return {
    ...run,
    id,
    references: order.map((old, row) => ({ ...run.references[old]!, row, line: row + 2 })),
    rows: run.rows.map((r) => ({ ...r, row: newRow.get(r.row)! })).sort((x, y) => x.row - y.row),
  };
}

/** A structural check of a parsed comparison against comparison.ts (every required field, with its type). */
export function checkShape(c: Comparison): void {
  const num = (v: unknown, what: string) => assert.equal(typeof v, "number", what);
  const str = (v: unknown, what: string) => assert.equal(typeof v, "string", what);
  for (const side of [c.a, c.b]) {
    str(side.id, "side id");
    str(side.label, "side label");
    assert.ok(side.source === "history" || side.source === "results-csv");
  }
  for (const k of ["rowsCompared", "rowsOnlyInA", "rowsOnlyInB"] as const) num(c[k], k);
  for (const k of ["resamples", "seed", "confidence"] as const) num(c.bootstrap[k], k);
  assert.ok(Array.isArray(c.modelsOnlyInA) && Array.isArray(c.modelsOnlyInB));
  const paired = (p: Record<string, unknown>, what: string) => {
    for (const k of ["delta", "deltaLow", "deltaHigh", "p", "resamples", "seed", "confidence"]) num(p[k], `${what} ${k}`);
    for (const s of ["a", "b"]) for (const k of ["score", "mean", "low", "high"]) num((p[s] as Record<string, unknown>)[k], `${what} ${s}.${k}`);
    assert.equal(typeof p.significant, "boolean");
    assert.equal(typeof p.lowerIsBetter, "boolean");
  };
  for (const m of c.models) {
    str(m.model, "model");
    for (const f of m.fields) for (const x of f.metrics) paired(x as unknown as Record<string, unknown>, `${f.field} ${x.metric}`);
    for (const x of m.measures) {
      paired(x as unknown as Record<string, unknown>, x.measure);
      str(x.unit, "unit");
    }
    for (const r of m.changedRows) {
      num(r.row, "row");
      num(r.line, "line");
      num(r.scoreDelta, "scoreDelta");
      assert.ok(["improved", "regressed", "newly-invalid", "newly-valid", "changed"].includes(r.change));
      for (const rec of [r.expected, r.predictionsA, r.predictionsB]) for (const v of Object.values(rec)) str(v, "cell");
    }
  }
}
