import type { Comparison } from "../core/compare/comparison";
import { evaluateDeltaGates } from "../core/gates/evaluateDeltaGates";
import { evaluateMinGates } from "../core/gates/evaluateMinGates";
import type { MinGate } from "../core/gates/minGate";
import type { MetricsRow } from "../core/runner/options";
import { GATE_FAILED_EXIT } from "./exitCodes";
import { deltaGateLines, gateSummary, minGateLines } from "./gateLines";
import { compareGates, type CompareGates } from "./gateSettings";

type Stderr = { write(text: string): unknown };

/**
 * The `compare` gates: `--fail-on` / `--significant-only` / `--config` over the config file, checked on the
 * comparison; failed gates go to stderr, one line each. Returns 0, or 3 when a gate failed.
 */
export function applyGates(comparison: Comparison, values: { failOn?: string; significantOnly?: boolean; config?: string }, stderr: Stderr, cwd = process.cwd()): number {
  return applyCompareGates(comparison, compareGates(values, cwd), stderr);
}

/** applyGates with the gates read already (compare reads them before comparing, so bad text fails fast). */
export function applyCompareGates(comparison: Comparison, { gates, significantOnly }: CompareGates, stderr: Stderr): number {
  if (gates.length === 0) return 0;
  const results = evaluateDeltaGates(comparison, gates, { significantOnly });
  for (const line of deltaGateLines(results, comparison.bootstrap.confidence)) stderr.write(line);
  stderr.write(gateSummary(results));
  return results.some((r) => r.status === "failed") ? GATE_FAILED_EXIT : 0;
}

/** The `run --min` gates on the run's metrics rows (after the results are saved). Returns 0 or 3. */
export function applyMinGates(rows: readonly MetricsRow[], gates: readonly MinGate[], stderr: Stderr): number {
  if (gates.length === 0) return 0;
  const results = evaluateMinGates(rows, gates);
  for (const line of minGateLines(results)) stderr.write(line);
  stderr.write(gateSummary(results));
  return results.some((r) => r.status === "failed") ? GATE_FAILED_EXIT : 0;
}
