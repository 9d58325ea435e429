import type { RowStatistic } from "./rowStatistic";

/**
 * Nearest-rank p-th percentile (as computeMetrics' latency_p50_s / latency_p95_s) of the rows' values; a row
 * with an undefined value (not run) is left out, and a resample with no value left scores NaN. The rows are
 * sorted once; a resample walks them in sorted order adding multiplicities, O(rows) instead of a sort each.
 */
export function percentileStatistic(values: readonly (number | undefined)[], p: number): RowStatistic {
  const order = values.map((_, i) => i).filter((i) => values[i] !== undefined);
  order.sort((x, y) => values[x]! - values[y]!);
  const byRank = Int32Array.from(order);
  const sorted = Float64Array.from(order, (i) => values[i]!);
  return {
    rows: values.length,
    value(counts) {
      let total = 0;
      for (let r = 0; r < byRank.length; r++) total += counts[byRank[r]!]!;
      if (total === 0) return NaN;
      const target = Math.min(total, Math.max(1, Math.ceil((p / 100) * total)));
      let seen = 0;
      for (let r = 0; r < byRank.length; r++) {
        seen += counts[byRank[r]!]!;
        if (seen >= target) return sorted[r]!;
      }
      return sorted[sorted.length - 1]!;
    },
  };
}
