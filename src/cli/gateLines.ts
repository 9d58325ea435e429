import type { DeltaGateResult, GateCheck } from "../core/gates/evaluateDeltaGates";
import type { MinGateResult } from "../core/gates/evaluateMinGates";

/** A figure as people read it: 2 decimals, more for small values (ROUGE and WER live in 0–1). */
export function figure(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && abs < 1 ? value.toPrecision(3) : value.toFixed(2);
}

function signed(value: number): string {
  return (value > 0 ? "+" : "") + figure(value);
}

function pText(p: number): string {
  return p < 0.001 ? "p<0.001" : `p ${p.toFixed(3)}`;
}

function where(model: string, field: string | undefined): string {
  return field === undefined ? `model ${model}` : `model ${model}  field ${field}`;
}

/** One line per failed check of a `--fail-on` gate: the gate, where, A, B, Δ, its interval and p. */
export function deltaGateLines(results: readonly DeltaGateResult[], confidence: number): string[] {
  const lines: string[] = [];
  for (const result of results) {
    if (result.status === "unchecked") {
      lines.push(`gate not checked: ${result.gate.text}: no compared model${result.gate.kind === "metric" ? " × field" : ""} has ${result.gate.name} on both sides\n`);
    }
    for (const c of result.checks) if (c.failed) lines.push(`gate failed: ${result.gate.text}  ${deltaNumbers(c, confidence, result.gate.relative)}\n`);
  }
  return lines;
}

function deltaNumbers(c: GateCheck, confidence: number, relative: boolean): string {
  const rel = relative ? ` (${signed(c.relativePercent)}% of A)` : "";
  const ci = `${Math.round(confidence * 100)}% CI [${signed(c.deltaLow)}, ${signed(c.deltaHigh)}]`;
  return `${where(c.model, c.field)}  A ${figure(c.a)}  B ${figure(c.b)}  Δ ${signed(c.delta)}${rel}  ${ci}  ${pText(c.p)}${c.significant ? " (significant)" : ""}`;
}

/** One line per failed check of a `--min` gate. */
export function minGateLines(results: readonly MinGateResult[]): string[] {
  const lines: string[] = [];
  for (const result of results) {
    if (result.checks.length === 0) {
      lines.push(`gate failed: ${result.gate.text}  no model × field of the run matches it\n`);
    }
    for (const c of result.checks) {
      if (!c.failed) continue;
      const value = c.value === undefined ? `no value (${c.missing})` : `value ${figure(c.value)}`;
      lines.push(`gate failed: ${result.gate.text}  ${where(c.model, c.field)}  ${value}\n`);
    }
  }
  return lines;
}

/** The closing line: which gates passed, or how many failed. */
export function gateSummary(results: readonly { gate: { text: string }; status: string }[]): string {
  const failed = results.filter((r) => r.status === "failed").length;
  const checked = results.filter((r) => r.status !== "unchecked");
  if (failed === 0) return `gates passed: ${checked.map((r) => r.gate.text).join(", ") || "none checked"}\n`;
  return `${failed} of ${results.length} gates failed (exit status 3)\n`;
}
