import type { ReferenceRow } from "../history/runRecord";

/** Rows of A and B that hold the same input: `a[k]` and `b[k]` are indexes into each side's references. */
export interface MatchedRows {
  a: number[];
  b: number[];
  onlyInA: number;
  onlyInB: number;
}

/**
 * Pairs the rows of two runs by input hash (ReferenceRow.sha256), in B's order, so reordered or partly edited
 * datasets still pair each input with itself. An input that occurs several times is paired occurrence by
 * occurrence (first with first), since such rows cannot be told apart.
 */
export function matchRows(a: readonly ReferenceRow[], b: readonly ReferenceRow[]): MatchedRows {
  const byHash = new Map<string, number[]>();
  a.forEach((ref, i) => {
    const list = byHash.get(ref.sha256);
    if (list) list.push(i);
    else byHash.set(ref.sha256, [i]);
  });
  const used = new Map<string, number>();
  const out: MatchedRows = { a: [], b: [], onlyInA: 0, onlyInB: 0 };
  b.forEach((ref, j) => {
    const list = byHash.get(ref.sha256);
    const next = used.get(ref.sha256) ?? 0;
    if (!list || next >= list.length) {
      out.onlyInB++;
      return;
    }
    used.set(ref.sha256, next + 1);
    out.a.push(list[next]!);
    out.b.push(j);
  });
  out.onlyInA = a.length - out.a.length;
  return out;
}
