import type { ModelRecord } from "../history/runRecord";
import { latencyStatistic, sumStatistic, tokensPerSecondStatistic, validityStatistic, type RowStatistic } from "../stats";
import type { MeasureComparison } from "./comparison";
import type { SideRows } from "./sideRows";

export interface MeasurePair {
  measure: MeasureComparison["measure"];
  unit: string;
  lowerIsBetter: boolean;
  a: RowStatistic;
  b: RowStatistic;
}

/**
 * The run-level measures both sides can give, as paired statistics over the matched rows: validity (when both
 * recorded it), latency p50/p95 and tokens/s (when both timed rows), cost (when either side has an entry price;
 * a side without one costs 0, as a local model does).
 */
export function measurePairs(a: SideRows, b: SideRows, modelA: ModelRecord | undefined, modelB: ModelRecord | undefined): MeasurePair[] {
  const out: MeasurePair[] = [];
  if (a.judged && b.judged) out.push({ measure: "validity", unit: "%", lowerIsBetter: false, a: validityStatistic(a.valid), b: validityStatistic(b.valid) });
  const timed = (s: SideRows) => s.seconds.some((v) => v !== undefined);
  if (timed(a) && timed(b)) {
    out.push({ measure: "latency_p50_s", unit: "s", lowerIsBetter: true, a: latencyStatistic(a.seconds, 50), b: latencyStatistic(b.seconds, 50) });
    out.push({ measure: "latency_p95_s", unit: "s", lowerIsBetter: true, a: latencyStatistic(a.seconds, 95), b: latencyStatistic(b.seconds, 95) });
    const produced = (s: SideRows) => s.tokensOut.some((v) => v !== undefined) && s.seconds.some((v) => v !== undefined && v > 0);
    if (produced(a) && produced(b)) {
      out.push({ measure: "tokens_per_sec", unit: "tokens/s", lowerIsBetter: false, a: tokensPerSecondStatistic(a.tokensOut, a.seconds), b: tokensPerSecondStatistic(b.tokensOut, b.seconds) });
    }
  }
  const priceA = prices(modelA);
  const priceB = prices(modelB);
  if (priceA || priceB) {
    out.push({ measure: "cost", unit: "price units (the entries' pricePer1k…)", lowerIsBetter: true, a: costStatistic(a, priceA), b: costStatistic(b, priceB) });
  }
  return out;
}

interface Prices {
  input: number;
  output: number;
}

/** The endpoint entry's prices per 1,000 tokens, as the run's meta file recorded them. */
function prices(model: ModelRecord | undefined): Prices | undefined {
  const info = model?.info ?? {};
  const input = typeof info.pricePer1kInput === "number" ? info.pricePer1kInput : undefined;
  const output = typeof info.pricePer1kOutput === "number" ? info.pricePer1kOutput : undefined;
  if (input === undefined && output === undefined) return undefined;
  return { input: input ?? 0, output: output ?? 0 };
}

/** The cost of the (resampled) rows: Σ tokens_in/1000 · input price + tokens_out/1000 · output price, as the metrics' cost. */
function costStatistic(s: SideRows, price: Prices | undefined): RowStatistic {
  const data = new Float64Array(s.rows.length);
  if (price) s.rows.forEach((_, i) => (data[i] = ((s.tokensIn[i] ?? 0) / 1000) * price.input + ((s.tokensOut[i] ?? 0) / 1000) * price.output));
  return sumStatistic(data, 1, (sums) => sums[0]!);
}
