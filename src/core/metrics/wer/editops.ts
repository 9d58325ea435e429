import { alignByMatrix, type EditOp, type Span } from "./alignMatrix";

/**
 * Levenshtein edit operations from `s1` (reference) to `s2` (hypothesis), identical to rapidfuzz's
 * `Levenshtein.editops(s1, s2)` as jiwer calls it (no score_hint). rapidfuzz (rapidfuzz-cpp
 * `levenshtein_editops` → `levenshtein_align_hirschberg`) strips the common prefix and suffix, then either
 * backtraces one matrix or, when that matrix would take ≥ 1 MiB of bits, splits the problem Hirschberg-style at
 * the middle of s2 and recurses. The split point decides which of several equally short alignments comes out,
 * so it is reproduced exactly.
 */
export function levenshteinEditops(s1: Int32Array, s2: Int32Array): EditOp[] {
  const out: EditOp[] = [];
  alignRange({ seq: s1, start: 0, length: s1.length }, { seq: s2, start: 0, length: s2.length }, Math.max(s1.length, s2.length), out);
  return out;
}

function alignRange(a: Span, b: Span, max: number, out: EditOp[]): void {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a.seq[a.start + prefix] === b.seq[b.start + prefix]) prefix++;
  let suffix = 0;
  const restA = a.length - prefix;
  const restB = b.length - prefix;
  while (suffix < restA && suffix < restB && a.seq[a.start + a.length - 1 - suffix] === b.seq[b.start + b.length - 1 - suffix]) suffix++;
  a = { seq: a.seq, start: a.start + prefix, length: restA - suffix };
  b = { seq: b.seq, start: b.start + prefix, length: restB - suffix };

  max = Math.min(max, Math.max(a.length, b.length));
  const fullBand = Math.min(a.length, 2 * max + 1);
  const matrixBytes = Math.floor((2 * fullBand * b.length) / 8);
  if (matrixBytes < 1024 * 1024 || a.length < 65 || b.length < 10) {
    alignByMatrix(a, b, max, out);
    return;
  }
  const split = hirschbergSplit(a, b);
  alignRange(sub(a, 0, split.aMid), sub(b, 0, split.bMid), split.leftScore, out);
  alignRange(sub(a, split.aMid, a.length - split.aMid), sub(b, split.bMid, b.length - split.bMid), split.rightScore, out);
}

function sub(s: Span, from: number, length: number): Span {
  return { seq: s.seq, start: s.start + from, length };
}

interface Split {
  aMid: number;
  bMid: number;
  leftScore: number;
  rightScore: number;
}

/**
 * rapidfuzz's `find_hirschberg_pos`: b is cut at ⌊|b|/2⌋; a is cut at the smallest position ≥ 1 where the
 * distance of the two prefixes plus that of the two suffixes is minimal.
 */
function hirschbergSplit(a: Span, b: Span): Split {
  const bMid = b.length >> 1;
  const left = lastColumn(a, b, 0, bMid, false);
  const right = lastColumn(a, b, bMid, b.length, true);
  let best = Infinity;
  const split: Split = { aMid: 0, bMid, leftScore: 0, rightScore: 0 };
  for (let mid = 1; mid <= a.length; mid++) {
    const score = left[mid] + right[a.length - mid];
    if (score < best) {
      best = score;
      split.aMid = mid;
      split.leftScore = left[mid];
      split.rightScore = right[a.length - mid];
    }
  }
  return split;
}

/**
 * Column k of the result: the distance between k tokens of a and b[from, to) — a's first k against b's range,
 * or, `reversed`, a's last k against the range, both read backwards.
 */
function lastColumn(a: Span, b: Span, from: number, to: number, reversed: boolean): Int32Array {
  const n = a.length;
  const col = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) col[i] = i;
  for (let step = 1; step <= to - from; step++) {
    const ch = b.seq[b.start + (reversed ? to - step : from + step - 1)];
    let diag = col[0];
    col[0] = step;
    for (let i = 1; i <= n; i++) {
      const token = a.seq[a.start + (reversed ? n - i : i - 1)];
      const up = col[i];
      let v = diag + (token === ch ? 0 : 1);
      if (up + 1 < v) v = up + 1;
      if (col[i - 1] + 1 < v) v = col[i - 1] + 1;
      diag = up;
      col[i] = v;
    }
  }
  return col;
}
