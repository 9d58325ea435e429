/**
 * A word diff of two texts for the Compare tab (each side's words, marked where they differ). Words are compared
 * without their trailing whitespace, and each keeps its own whitespace for display, so a segment's texts joined
 * give back the side's text exactly. No node or vscode imports: the webview bundles it.
 */

export interface DiffSegment {
  text: string;
  /** True for words only on this side (removed from A / added in B). */
  changed: boolean;
}

export interface WordDiff {
  a: DiffSegment[];
  b: DiffSegment[];
}

/** Above this many word pairs the LCS table would be too large: the differing middle is marked as one change. */
const MAX_CELLS = 1_000_000;

interface Token {
  word: string;
  text: string;
}

/** Words with the whitespace after them; leading whitespace becomes a token of its own (word ""). */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  const re = /(\s*)(\S+)(\s*)/gy;
  const lead = /^\s+/.exec(text);
  let at = 0;
  if (lead) {
    out.push({ word: "", text: lead[0] });
    at = lead[0].length;
  }
  re.lastIndex = at;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && m[0] !== "") out.push({ word: m[2]!, text: m[2]! + m[3]! });
  return out;
}

export function wordDiff(a: string, b: string): WordDiff {
  const ta = tokens(a);
  const tb = tokens(b);
  // The common prefix and suffix need no table (most changed outputs differ in a few words).
  let start = 0;
  while (start < ta.length && start < tb.length && ta[start]!.word === tb[start]!.word) start++;
  let endA = ta.length;
  let endB = tb.length;
  while (endA > start && endB > start && ta[endA - 1]!.word === tb[endB - 1]!.word) {
    endA--;
    endB--;
  }
  const markA = new Array<boolean>(ta.length).fill(false);
  const markB = new Array<boolean>(tb.length).fill(false);
  const n = endA - start;
  const m = endB - start;
  if (n * m > MAX_CELLS) {
    for (let i = start; i < endA; i++) markA[i] = true;
    for (let j = start; j < endB; j++) markB[j] = true;
  } else {
    markMiddle(ta, tb, start, n, m, markA, markB);
  }
  return { a: segments(ta, markA), b: segments(tb, markB) };
}

/** Longest common subsequence of the middle words; the words outside it are marked. */
function markMiddle(ta: Token[], tb: Token[], start: number, n: number, m: number, markA: boolean[], markB: boolean[]): void {
  // lcs[i][j]: LCS length of the middle's suffixes from i and j (row-major, (n + 1) × (m + 1)).
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = ta[start + i]!.word === tb[start + j]!.word ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (ta[start + i]!.word === tb[start + j]!.word) {
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) {
      markA[start + i++] = true;
    } else {
      markB[start + j++] = true;
    }
  }
  while (i < n) markA[start + i++] = true;
  while (j < m) markB[start + j++] = true;
}

/** Adjacent tokens with the same mark joined; whitespace-only tokens never count as changed. */
function segments(ts: Token[], marks: boolean[]): DiffSegment[] {
  const out: DiffSegment[] = [];
  ts.forEach((t, k) => {
    const changed = marks[k]! && t.word !== "";
    const last = out[out.length - 1];
    if (last && last.changed === changed) last.text += t.text;
    else out.push({ text: t.text, changed });
  });
  return out;
}

/** The changed words of one side, trimmed (tests and tooltips). */
export function changedWords(segments: readonly DiffSegment[]): string[] {
  return segments.filter((s) => s.changed).map((s) => s.text.trim());
}
