/**
 * A score that can be recomputed on any resample of a fixed set of rows. `value(counts)` takes each row's
 * multiplicity in the resample (see forEachResample); on all ones (identityCounts) it gives the plain score of
 * the rows. Bootstrap code only sees this interface, so text metrics, validity, latency percentiles and
 * tokens/s all resample the same way.
 */
export interface RowStatistic {
  readonly rows: number;
  value(counts: Int32Array): number;
  /**
   * A sum statistic's parts (set by sumStatistic): its per-row data and the score of summed data, so a caller
   * resampling many statistics can sum them in one pass (src/core/compare/resamplePairs.ts). value() is the same.
   */
  readonly sum?: { readonly data: Float64Array | Float32Array; readonly width: number; score(sums: Float64Array): number };
}

/**
 * A statistic whose score is a function of per-row sufficient statistics summed over the rows (BLEU's n-gram
 * counts, chrF's, edit counts, a sum and a count for means). The per-row vectors are computed once; a resample
 * only adds each row's vector times its multiplicity, in row order, so on all ones the sums are those of the
 * metric itself, bit for bit. `width` numbers per row, row-major in `data`; a Float32Array halves the memory
 * (and the time of a resample, which is bound by reading it) where every value is an integer below 2^24.
 */
export function sumStatistic(data: Float64Array | Float32Array, width: number, score: (sums: Float64Array) => number): RowStatistic {
  if (width < 1 || data.length % width !== 0) throw new RangeError(`data length ${data.length} is not a multiple of width ${width}`);
  const rows = data.length / width;
  const sums = new Float64Array(width);
  return {
    rows,
    sum: { data, width, score },
    value(counts) {
      sums.fill(0);
      if (width === 2) {
        // The mean-type metrics: unrolled, since they are the most common.
        let s0 = 0;
        let s1 = 0;
        for (let i = 0; i < rows; i++) {
          const c = counts[i]!;
          if (c === 0) continue;
          s0 += c * data[2 * i]!;
          s1 += c * data[2 * i + 1]!;
        }
        sums[0] = s0;
        sums[1] = s1;
      } else {
        for (let i = 0; i < rows; i++) {
          const c = counts[i]!;
          if (c === 0) continue;
          const at = i * width;
          for (let j = 0; j < width; j++) sums[j]! += c * data[at + j]!;
        }
      }
      return score(sums);
    },
  };
}

/**
 * Mean of per-row values over the rows `included` (all by default), summed in row order as the metrics do, so
 * the full sample gives the metric's own mean bit for bit. Rows left out (e.g. schema-invalid ones) count in the
 * resampling but not in the mean. A resample without an included row scores `empty` (0, as the metrics do).
 */
export function meanStatistic(values: readonly number[], included?: readonly boolean[], empty = 0): RowStatistic {
  const data = new Float64Array(values.length * 2);
  values.forEach((v, i) => {
    if (included && !included[i]) return;
    data[2 * i] = v;
    data[2 * i + 1] = 1;
  });
  return sumStatistic(data, 2, (s) => (s[1]! > 0 ? s[0]! / s[1]! : empty));
}

/** Σ numerator / Σ denominator over the resample (e.g. tokens/s as output tokens over generation seconds). */
export function ratioStatistic(numerators: readonly number[], denominators: readonly number[], empty = 0): RowStatistic {
  if (numerators.length !== denominators.length) throw new RangeError(`${numerators.length} numerators but ${denominators.length} denominators`);
  const data = new Float64Array(numerators.length * 2);
  numerators.forEach((v, i) => {
    data[2 * i] = v;
    data[2 * i + 1] = denominators[i]!;
  });
  return sumStatistic(data, 2, (s) => (s[1]! > 0 ? s[0]! / s[1]! : empty));
}
