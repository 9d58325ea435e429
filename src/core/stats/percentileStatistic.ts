import type { RowStatistic } from "./rowStatistic";

/**
 * Nearest-rank p-th percentile (as computeMetrics' latency_p50_s / latency_p95_s) of the rows' values; a row
 * with an undefined value (not run) is left out, and a resample with no value left scores NaN. Sorting once
 * and counting each sorted position's multiplicity makes a resample O(rows) instead of O(rows log rows).
 */
export function percentileStatistic(values: readonly (number | undefined)[], p: number): RowStatistic {
  const order = values.map((_, i) => i).filter((i) => values[i] !== undefined);
  order.sort((x, y) => values[x]! - values[y]!);
  const sorted = order.map((i) => values[i]!);
  const rankOf = new Int32Array(values.length).fill(-1);
  order.forEach((row, rank) => (rankOf[row] = rank));
  const counts = new Int32Array(sorted.length);
  return {
    rows: values.length,
    value(indices) {
      counts.fill(0);
      let total = 0;
      for (let k = 0; k < indices.length; k++) {
        const rank = rankOf[indices[k]!]!;
        if (rank >= 0) {
          counts[rank]!++;
          total++;
        }
      }
      if (total === 0) return NaN;
      const target = Math.min(total, Math.max(1, Math.ceil((p / 100) * total)));
      let seen = 0;
      for (let rank = 0; rank < counts.length; rank++) {
        seen += counts[rank]!;
        if (seen >= target) return sorted[rank]!;
      }
      return sorted[sorted.length - 1]!;
    },
  };
}
