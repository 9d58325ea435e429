import type { Comparison, MeasureComparison, MetricComparison, ModelComparison } from "../../src/core/compare/comparison";
import type { PairedComparison } from "../../src/core/stats/pairedBootstrap";

/** A paired comparison with the given scores, interval and p (intervals of A and B collapsed onto the scores). */
export function paired(a: number, b: number, p: number, ci: [number, number] = [b - a - 1, b - a + 1]): PairedComparison {
  return {
    a: { score: a, mean: a, low: a, high: a },
    b: { score: b, mean: b, low: b, high: b },
    delta: b - a,
    deltaLow: ci[0],
    deltaHigh: ci[1],
    p,
    resamples: 1000,
    seed: 12345,
    confidence: 0.95,
  };
}

export function metric(name: string, a: number, b: number, p: number, ci?: [number, number]): MetricComparison {
  return { metric: name, lowerIsBetter: ["wer", "cer", "mer", "wil"].includes(name), significant: p < 0.05, ...paired(a, b, p, ci) };
}

export function measure(name: MeasureComparison["measure"], a: number, b: number, p: number, ci?: [number, number]): MeasureComparison {
  const lower = name.startsWith("latency") || name === "cost";
  return { measure: name, unit: name === "validity" ? "%" : name === "cost" ? "USD" : name === "tokens_per_sec" ? "tokens/s" : "s", lowerIsBetter: lower, significant: p < 0.05, relative: a === 0 ? undefined : (b - a) / a, ...paired(a, b, p, ci) };
}

export function model(name: string, fields: Record<string, MetricComparison[]>, measures: MeasureComparison[] = []): ModelComparison {
  return { model: name, fields: Object.entries(fields).map(([field, metrics]) => ({ field, metrics })), measures, changedRows: [] };
}

export function comparison(models: ModelComparison[]): Comparison {
  return {
    a: { id: "run-a", label: "baseline", source: "history" },
    b: { id: "run-b", label: "latest", source: "history" },
    rowsCompared: 100,
    rowsOnlyInA: 0,
    rowsOnlyInB: 0,
    bootstrap: { resamples: 1000, seed: 12345, confidence: 0.95 },
    models,
    modelsOnlyInA: [],
    modelsOnlyInB: [],
  };
}
