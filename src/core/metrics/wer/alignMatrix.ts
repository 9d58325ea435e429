/** One edit turning s1 into s2, with rapidfuzz's positions (a matched token is no edit). */
export interface EditOp {
  readonly type: "delete" | "insert" | "replace";
  readonly srcPos: number;
  readonly destPos: number;
}

/** A stretch s1[start, start + length) (likewise for s2) of a token-id sequence. */
export interface Span {
  readonly seq: Int32Array;
  readonly start: number;
  readonly length: number;
}

const FAR = 1 << 29; // stands for "outside the band"; never reached by a real distance here

/**
 * Appends the edit operations for `a` → `b` (positions absolute in their sequences) using rapidfuzz's backtrace
 * (`recover_alignment` in rapidfuzz-cpp `Levenshtein_impl.hpp`): walking back from the end it prefers a deletion,
 * then an insertion, then the diagonal, reading the bits of Hyyrö's bit-parallel matrix. Those bits are the
 * vertical differences D[i][j] − D[i−1][j] of the ordinary Levenshtein matrix, which is computed here instead.
 *
 * Only the band |i − j| ≤ max is filled (max ≥ the distance): every path costing ≤ max stays in it, so each
 * value the backtrace compares is exact or provably irrelevant, and the result equals the full-matrix one.
 */
export function alignByMatrix(a: Span, b: Span, max: number, out: EditOp[]): void {
  const n = a.length; // i: position in a ("col" in rapidfuzz)
  const m = b.length; // j: position in b ("row" in rapidfuzz)
  const s1 = a.seq;
  const s2 = b.seq;
  const band = Math.min(n + 1, 2 * max + 1);
  const cells = new Int32Array((m + 1) * band);
  const lo = (j: number) => (j > max ? j - max : 0);
  const hi = (j: number) => (j + max < n ? j + max : n);
  const at = (i: number, j: number): number => {
    const l = lo(j);
    return i < l || i > hi(j) ? FAR : cells[j * band + i - l];
  };

  for (let i = 0, h = hi(0); i <= h; i++) cells[i] = i;
  for (let j = 1; j <= m; j++) {
    const l = lo(j);
    const h = hi(j);
    const prevHi = hi(j - 1);
    const prev = (j - 1) * band - lo(j - 1); // cells[prev + i] is D[i][j-1]
    const cur = j * band - l; // cells[cur + i] is D[i][j]
    const ch = s2[b.start + j - 1];
    let i = l;
    if (i === 0) cells[cur + i++] = j;
    for (; i <= h; i++) {
      // the diagonal neighbour is always inside the band; the left one (same i, column j-1) may not be
      let v = cells[prev + i - 1] + (s1[a.start + i - 1] === ch ? 0 : 1);
      const up = i > l ? cells[cur + i - 1] + 1 : FAR;
      const left = i <= prevHi ? cells[prev + i] + 1 : FAR;
      if (up < v) v = up;
      if (left < v) v = left;
      cells[cur + i] = v > FAR ? FAR : v;
    }
  }

  let dist = at(n, m);
  const ops: EditOp[] = new Array<EditOp>(dist);
  let col = n;
  let row = m;
  const put = (type: EditOp["type"]) => (ops[--dist] = { type, srcPos: a.start + col, destPos: b.start + row });
  while (row > 0 && col > 0) {
    if (at(col, row) - at(col - 1, row) === 1) {
      col--;
      put("delete");
    } else {
      row--;
      if (row > 0 && at(col, row) - at(col - 1, row) === -1) put("insert");
      else {
        col--;
        if (s1[a.start + col] !== s2[b.start + row]) put("replace");
      }
    }
  }
  while (col > 0) {
    col--;
    put("delete");
  }
  while (row > 0) {
    row--;
    put("insert");
  }
  for (const op of ops) out.push(op);
}
