/**
 * A score that can be recomputed on any resample of a fixed set of rows. `value(indices)` takes row indices
 * (with repetitions); on 0..rows-1 in order it gives the plain score of the rows. Bootstrap code only sees this
 * interface, so text metrics, validity, latency percentiles and tokens/s all resample the same way.
 */
export interface RowStatistic {
  readonly rows: number;
  value(indices: Int32Array): number;
}

/**
 * A statistic whose score is a function of per-row sufficient statistics summed over the rows (BLEU's n-gram
 * counts, chrF's, edit counts, a sum and a count for means). The per-row vectors are computed once; each
 * resample only sums them, in the order of its indices. `width` numbers per row, row-major in `data`.
 */
export function sumStatistic(data: Float64Array, width: number, score: (sums: Float64Array) => number): RowStatistic {
  if (width < 1 || data.length % width !== 0) throw new RangeError(`data length ${data.length} is not a multiple of width ${width}`);
  const rows = data.length / width;
  const sums = new Float64Array(width);
  return {
    rows,
    value(indices) {
      sums.fill(0);
      if (width === 2) {
        // The mean-type metrics: unrolled, since they are the most common and the hot loop.
        let s0 = 0;
        let s1 = 0;
        for (let k = 0; k < indices.length; k++) {
          const at = indices[k]! * 2;
          s0 += data[at]!;
          s1 += data[at + 1]!;
        }
        sums[0] = s0;
        sums[1] = s1;
      } else {
        for (let k = 0; k < indices.length; k++) {
          const at = indices[k]! * width;
          for (let j = 0; j < width; j++) sums[j]! += data[at + j]!;
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
