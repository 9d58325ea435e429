import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { changedWords, wordDiff, type DiffSegment } from "../../src/shared/wordDiff";

const join = (s: readonly DiffSegment[]) => s.map((x) => x.text).join("");
const keptWords = (s: readonly DiffSegment[]) => s.filter((x) => !x.changed).flatMap((x) => x.text.split(/\s+/).filter(Boolean));
const words = (t: string) => t.split(/\s+/).filter(Boolean);

/** Reference LCS length of two word lists. */
function lcsLength(a: string[], b: string[]): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) t[i]![j] = a[i] === b[j] ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!);
  return t[0]![0]!;
}

test("wordDiff marks the words that differ, on each side", () => {
  const d = wordDiff("The city is Berlin, Germany", "The city is Munich, Germany");
  assert.deepEqual(changedWords(d.a), ["Berlin,"]);
  assert.deepEqual(changedWords(d.b), ["Munich,"]);
  const e = wordDiff("Anna Maria Schmidt", "Anna Schmidt von Berg");
  assert.deepEqual(changedWords(e.a), ["Maria"]);
  assert.deepEqual(changedWords(e.b), ["von Berg"]);
  assert.deepEqual(wordDiff("", "new text").b, [{ text: "new text", changed: true }]);
  assert.deepEqual(wordDiff("same  words\n", "same  words\n").a, [{ text: "same  words\n", changed: false }]);
});

test("wordDiff keeps each side's text and marks exactly the words outside a longest common subsequence", () => {
  const text = fc.array(fc.constantFrom("a", "b", "cc", " ", "  ", "\n", "\t", "é", "<b>"), { maxLength: 24 }).map((parts) => parts.join(""));
  fc.assert(
    fc.property(text, text, (a, b) => {
      const d = wordDiff(a, b);
      assert.equal(join(d.a), a);
      assert.equal(join(d.b), b);
      // The unchanged words are the same sequence on both sides, and as long as the longest common one.
      assert.deepEqual(keptWords(d.a), keptWords(d.b));
      assert.equal(keptWords(d.a).length, lcsLength(words(a), words(b)));
      // Whitespace alone is never highlighted.
      for (const s of [...d.a, ...d.b]) if (s.changed) assert.notEqual(s.text.trim(), "");
    }),
    { seed: 1206, numRuns: 500 },
  );
});

test("wordDiff on long texts that differ throughout marks the differing middle without a huge table", () => {
  const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(" ");
  const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(" ");
  const d = wordDiff(`start ${a} end`, `start ${b} end`);
  assert.equal(join(d.a), `start ${a} end`);
  assert.deepEqual(d.a.map((s) => s.changed), [false, true, false]);
  assert.deepEqual(d.b.map((s) => s.changed), [false, true, false]);
});
