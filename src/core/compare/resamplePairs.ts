import { forEachResample, identityCounts, type Resampled, type RowStatistic } from "../stats";

interface Member {
  pair: number;
  offset: number;
  width: number;
  scoreA: (sums: Float64Array) => number;
  scoreB: (sums: Float64Array) => number;
}

/** Sum statistics of one data type, fused: A's per-row data side by side, and B − A on the rows where B differs. */
interface Block {
  width: number;
  a: Float32Array | Float64Array;
  diffRows: Int32Array;
  diff: Float32Array | Float64Array;
  members: Member[];
}

/**
 * `resample(pairs.flatMap((p) => [p.a, p.b]))` made fast for comparing two runs: the same draws (seed, counts)
 * and the same result layout (statistic 2k is pair k's A, 2k + 1 its B), but
 * - every sum statistic is summed in one pass over the rows per resample instead of one pass each, and
 * - B's sums are A's plus B − A over only the rows where B's data differ (two runs of one prompt share most
 *   rows' outputs, so B costs a fraction of A).
 * A's resampled values are bit for bit those of resample(); B's too for the count-based metrics (integer sums),
 * and to rounding (~1e-15) for the mean-based ones (ROUGE, exact match), whose sums are added in another order.
 * Scores on the full sample are each statistic's own value. Other statistics (percentiles) use value(counts).
 */
export function resamplePairs(pairs: readonly { a: RowStatistic; b: RowStatistic }[], options: { resamples: number; seed: number; confidence: number }): Resampled {
  const rows = pairs[0]?.a.rows ?? 0;
  for (const p of pairs) if (p.a.rows !== rows || p.b.rows !== rows) throw new RangeError(`statistics over ${rows} and ${p.a.rows}/${p.b.rows} rows cannot be resampled together`);
  const full = identityCounts(rows);
  const scores = pairs.flatMap((p) => [p.a.value(full), p.b.value(full)]);
  const values = scores.map(() => new Float64Array(options.resamples));
  const fusable = (p: { a: RowStatistic; b: RowStatistic }) => p.a.sum !== undefined && p.b.sum !== undefined && p.a.sum.width === p.b.sum.width;
  const narrow = pairs.flatMap((p, k) => (fusable(p) && p.a.sum!.data instanceof Float32Array && p.b.sum!.data instanceof Float32Array ? [k] : []));
  const wide = pairs.flatMap((p, k) => (fusable(p) && !narrow.includes(k) ? [k] : []));
  const blocks = [block(pairs, narrow, rows, Float32Array), block(pairs, wide, rows, Float64Array)].filter((b) => b.members.length > 0);
  const others = pairs.flatMap((p, k) => (fusable(p) ? [] : [k]));
  const sumsA = blocks.map((b) => new Float64Array(b.width));
  const sumsB = blocks.map((b) => new Float64Array(b.width));
  const views = blocks.map((b, i) => b.members.map((m) => [sumsA[i]!.subarray(m.offset, m.offset + m.width), sumsB[i]!.subarray(m.offset, m.offset + m.width)] as const));
  forEachResample(rows, options, (counts, r) => {
    blocks.forEach((b, i) => {
      const sa = sumsA[i]!;
      const sb = sumsB[i]!;
      const w = b.width;
      sa.fill(0);
      const a = b.a;
      for (let row = 0; row < rows; row++) {
        const c = counts[row]!;
        if (c === 0) continue;
        const at = row * w;
        for (let j = 0; j < w; j++) sa[j]! += c * a[at + j]!;
      }
      sb.set(sa);
      const d = b.diff;
      for (let k = 0; k < b.diffRows.length; k++) {
        const c = counts[b.diffRows[k]!]!;
        if (c === 0) continue;
        const at = k * w;
        for (let j = 0; j < w; j++) sb[j]! += c * d[at + j]!;
      }
      b.members.forEach((m, x) => {
        const [va, vb] = views[i]![x]!;
        values[2 * m.pair]![r] = m.scoreA(va);
        values[2 * m.pair + 1]![r] = m.scoreB(vb);
      });
    });
    for (const k of others) {
      values[2 * k]![r] = pairs[k]!.a.value(counts);
      values[2 * k + 1]![r] = pairs[k]!.b.value(counts);
    }
  });
  return { scores, values, resamples: options.resamples, seed: options.seed, confidence: options.confidence };
}

function block(
  pairs: readonly { a: RowStatistic; b: RowStatistic }[],
  at: readonly number[],
  rows: number,
  Type: Float32ArrayConstructor | Float64ArrayConstructor,
): Block {
  const members: Member[] = [];
  let width = 0;
  for (const k of at) {
    const { a, b } = pairs[k]!;
    members.push({ pair: k, offset: width, width: a.sum!.width, scoreA: a.sum!.score, scoreB: b.sum!.score });
    width += a.sum!.width;
  }
  const a = new Type(rows * width);
  const differs: number[] = [];
  for (let row = 0; row < rows; row++) {
    let changed = false;
    for (const m of members) {
      const da = pairs[m.pair]!.a.sum!.data;
      const db = pairs[m.pair]!.b.sum!.data;
      for (let j = 0; j < m.width; j++) {
        const v = da[row * m.width + j]!;
        a[row * width + m.offset + j] = v;
        if (db[row * m.width + j] !== v) changed = true;
      }
    }
    if (changed) differs.push(row);
  }
  const diff = new Type(differs.length * width);
  differs.forEach((row, k) => {
    for (const m of members) {
      const da = pairs[m.pair]!.a.sum!.data;
      const db = pairs[m.pair]!.b.sum!.data;
      for (let j = 0; j < m.width; j++) diff[k * width + m.offset + j] = db[row * m.width + j]! - da[row * m.width + j]!;
    }
  });
  return { width, a, diffRows: Int32Array.from(differs), diff, members };
}
