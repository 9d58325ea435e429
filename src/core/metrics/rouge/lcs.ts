/** Longest common subsequence pieces of rouge_score (rouge_scorer.py): LCS length, backtrack, union LCS. */

/** Length of the LCS, in O(min) memory (rougeL needs only the length). */
export function lcsLength<T>(a: readonly T[], b: readonly T[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Int32Array(b.length + 1);
  let row = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      row[j] = ai === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]);
    }
    [prev, row] = [row, prev];
  }
  return prev[b.length];
}

/** The full (|ref|+1)×(|can|+1) LCS table, row-major. */
export function lcsTable<T>(ref: readonly T[], can: readonly T[]): Int32Array {
  const cols = can.length + 1;
  const table = new Int32Array((ref.length + 1) * cols);
  for (let i = 1; i <= ref.length; i++) {
    for (let j = 1; j <= can.length; j++) {
      table[i * cols + j] =
        ref[i - 1] === can[j - 1]
          ? table[(i - 1) * cols + j - 1] + 1
          : Math.max(table[(i - 1) * cols + j], table[i * cols + j - 1]);
    }
  }
  return table;
}

/**
 * Indices into `ref` of one LCS, read back from the table with rouge_score's tie-break (`_backtrack_norec`):
 * on a match go diagonally, else move left only when the left cell is strictly larger than the upper one.
 * Which LCS is picked changes rougeLsum, so the rule must be the same.
 */
export function lcsRefIndices<T>(ref: readonly T[], can: readonly T[]): number[] {
  const table = lcsTable(ref, can);
  const cols = can.length + 1;
  const out: number[] = [];
  let i = ref.length;
  let j = can.length;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      out.push(i - 1);
      i--;
      j--;
    } else if (table[i * cols + j - 1] > table[(i - 1) * cols + j]) {
      j--;
    } else {
      i--;
    }
  }
  return out.reverse();
}

/** Sorted union of index lists (`_find_union`). */
export function findUnion(lists: readonly (readonly number[])[]): number[] {
  const all = new Set<number>();
  for (const list of lists) for (const index of list) all.add(index);
  return [...all].sort((x, y) => x - y);
}

/** Tokens of `ref` in the union of its LCS with each candidate sentence (`_union_lcs`). */
export function unionLcs<T>(ref: readonly T[], candidates: readonly (readonly T[])[]): T[] {
  return findUnion(candidates.map((c) => lcsRefIndices(ref, c))).map((i) => ref[i]);
}
