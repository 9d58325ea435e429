import type { Comparison, MeasureComparison, MetricComparison } from "../compare/comparison";
import type { DeltaGate } from "./deltaGate";

/** One compared model × field (or model, for a measure) a gate was checked on, with the numbers. */
export interface GateCheck {
  model: string;
  /** Absent for per-model measures. */
  field?: string;
  a: number;
  b: number;
  delta: number;
  deltaLow: number;
  deltaHigh: number;
  p: number;
  significant: boolean;
  /** (B − A) / |A| in percent; ±Infinity when A is 0 and B is not. */
  relativePercent: number;
  /** Crossed the threshold (significant or not). */
  crossed: boolean;
  /** Crossed it, and was significant where `significantOnly` asks for that. */
  failed: boolean;
}

export interface DeltaGateResult {
  gate: DeltaGate;
  /** unchecked: no compared model × field has the gate's metric (e.g. cost without prices). */
  status: "passed" | "failed" | "unchecked";
  checks: GateCheck[];
}

export interface GateOptions {
  /** Count a crossing only when the difference is significant (p < 1 − confidence). */
  significantOnly?: boolean;
}

/** Checks every gate on every model × field of the comparison that its scope selects. */
export function evaluateDeltaGates(comparison: Comparison, gates: readonly DeltaGate[], options: GateOptions = {}): DeltaGateResult[] {
  return gates.map((gate) => {
    const checks = entriesFor(comparison, gate).map(({ model, field, entry }) => check(gate, model, field, entry, options.significantOnly ?? false));
    const status = checks.length === 0 ? "unchecked" : checks.some((c) => c.failed) ? "failed" : "passed";
    return { gate, status, checks };
  });
}

type Entry = MetricComparison | MeasureComparison;

function entriesFor(comparison: Comparison, gate: DeltaGate): { model: string; field?: string; entry: Entry }[] {
  const found: { model: string; field?: string; entry: Entry }[] = [];
  for (const m of comparison.models) {
    if (gate.model !== undefined && m.model !== gate.model) continue;
    if (gate.kind === "measure") {
      for (const entry of m.measures) if (entry.measure === gate.name) found.push({ model: m.model, entry });
      continue;
    }
    for (const f of m.fields) {
      if (gate.field !== undefined && f.field !== gate.field) continue;
      for (const entry of f.metrics) if (entry.metric === gate.name) found.push({ model: m.model, field: f.field, entry });
    }
  }
  // A side without a value (NaN) cannot cross anything; it is left out rather than passed.
  return found.filter(({ entry }) => Number.isFinite(entry.a.score) && Number.isFinite(entry.b.score));
}

function check(gate: DeltaGate, model: string, field: string | undefined, entry: Entry, significantOnly: boolean): GateCheck {
  const a = entry.a.score;
  const b = entry.b.score;
  const delta = entry.delta;
  const relativePercent = a === 0 ? (delta === 0 ? 0 : Math.sign(delta) * Infinity) : (delta / Math.abs(a)) * 100;
  const value = gate.relative ? relativePercent : delta;
  const crossed = gate.op === "<" ? value < gate.threshold : value > gate.threshold;
  return {
    model,
    ...(field === undefined ? {} : { field }),
    a,
    b,
    delta,
    deltaLow: entry.deltaLow,
    deltaHigh: entry.deltaHigh,
    p: entry.p,
    significant: entry.significant,
    relativePercent,
    crossed,
    failed: crossed && (entry.significant || !significantOnly),
  };
}
