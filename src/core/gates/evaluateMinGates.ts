import type { MetricsRow } from "../runner/options";
import type { MinGate } from "./minGate";

/** One model × field a `--min` gate was checked on; `value` undefined: nothing to check (a skipped model). */
export interface MinCheck {
  model: string;
  field: string;
  value?: number;
  /** Why there is no value. */
  missing?: string;
  failed: boolean;
}

export interface MinGateResult {
  gate: MinGate;
  /** A requirement that cannot be shown to hold fails: a missing value, or no row matching its scope. */
  status: "passed" | "failed";
  checks: MinCheck[];
}

/** Checks every gate on the run's metrics rows (one per model × field). */
export function evaluateMinGates(rows: readonly MetricsRow[], gates: readonly MinGate[]): MinGateResult[] {
  return gates.map((gate) => {
    const selected = rows.filter((r) => (gate.model === undefined || r.model === gate.model) && (gate.field === undefined || r.field === gate.field));
    const checks = selected.map((row): MinCheck => {
      // A skipped model's row has counts but no run behind them: nothing shows the requirement holds.
      const value = row.skipped ? undefined : gate.value(row);
      if (value === undefined || !Number.isFinite(value)) {
        return { model: row.model, field: row.field, missing: missingReason(row, gate.name), failed: true };
      }
      return { model: row.model, field: row.field, value, failed: gate.op === ">=" ? !(value >= gate.threshold) : !(value <= gate.threshold) };
    });
    return { gate, status: checks.length === 0 || checks.some((c) => c.failed) ? "failed" : "passed", checks };
  });
}

function missingReason(row: MetricsRow, name: string): string {
  if (row.skipped) return `skipped: ${row.skipped}`;
  if (row.n_valid === 0 && QUALITY.has(name)) return `no ${name}: no schema-valid rows to score`;
  return `no ${name} in the metrics`;
}

/** Scored on schema-valid rows only, hence empty when none is valid. */
const QUALITY: ReadonlySet<string> = new Set(["chrf++", "bleu", "rouge1", "rouge2", "rougeL", "exact_match", "bertscore_f1"]);
