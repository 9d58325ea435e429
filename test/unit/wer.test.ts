import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { levenshteinEditops } from "../../src/core/metrics/wer/editops";
import { toChunks } from "../../src/core/metrics/wer/opcodes";
import { charMeasures, JiwerInputError, processWords, wordMeasures } from "../../src/core/metrics/wer";
import { percent } from "../../src/core/metrics/wer/visualize";

/** xorshift32, so the same sequences can be generated in Python to get rapidfuzz's answers. */
function rng(seed: number) {
  let x = seed;
  return (n: number) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
}

/** Random pairs: unrelated, lightly edited (5 %) or heavily edited (30 %) copies, over a small alphabet (many ties). */
function pairs(seed: number, minLen: number, maxLen: number, alphabet: number, count: number): [number[], number[]][] {
  const ri = rng(seed);
  const fresh = () => Array.from({ length: minLen + ri(maxLen - minLen + 1) }, () => ri(alphabet));
  const out: [number[], number[]][] = [];
  for (let k = 0; k < count; k++) {
    const a = fresh();
    const kind = ri(3);
    let b: number[] = [];
    if (kind === 0) b = fresh();
    else {
      const rate = [50, 300][kind - 1];
      for (const x of a) {
        const q = ri(1000);
        if (q * 3 < rate) continue;
        if (q * 3 < 2 * rate) b.push(ri(alphabet));
        else if (q < rate) b.push(x, ri(alphabet));
        else b.push(x);
      }
    }
    out.push([a, b]);
  }
  return out;
}

describe("alignment tie-breaking equals rapidfuzz 3.14 Levenshtein.opcodes", () => {
  // sha256 of rapidfuzz's opcodes (tags, positions) for the same generated pairs, computed with Python rapidfuzz.
  const regimes: [string, Parameters<typeof pairs>, string, number][] = [
    ["short sequences", [1, 0, 12, 3, 400], "170f35b03f48068a5d33df2b93fd009c26b3e3be7af79fdf4d2d4d60052145c5", 969],
    ["up to 80 tokens", [2, 10, 80, 4, 150], "a203e57e30ac433fe108fe0b8d9dce75e470f0cefe3f67434a44262b2c143569", 2372],
    ["over 64 tokens (rapidfuzz's banded block matrix)", [3, 65, 400, 3, 40], "98a4439e8641d626df1c79b717e7dd0ba6659394a7fb4189f98a20c019a16bf2", 3195],
    ["over 2,048 tokens (rapidfuzz's Hirschberg split)", [4, 2100, 2600, 3, 3], "00853329930f612b65bccf0e31dedfbb5170e15733f7fccd820b12e9854ff8a7", 1665],
  ];
  for (const [name, args, sha, distance] of regimes) {
    it(name, () => {
      let edits = 0;
      const all = pairs(...args).map(([a, b]) => {
        const ops = levenshteinEditops(Int32Array.from(a), Int32Array.from(b));
        edits += ops.length;
        return toChunks(ops, a.length, b.length).map((c) => [
          c.type === "substitute" ? "replace" : c.type,
          c.refStartIdx,
          c.refEndIdx,
          c.hypStartIdx,
          c.hypEndIdx,
        ]);
      });
      assert.equal(edits, distance, "total Levenshtein distance");
      assert.equal(createHash("sha256").update(JSON.stringify(all)).digest("hex"), sha);
    });
  }
});

describe("wordMeasures / charMeasures", () => {
  const sentences = ["der Patient klagt über Kopfschmerzen", "keine Allergien bekannt", "Blutdruck 120 zu 80", "😀 emoji ok"];

  it("scores identical texts 0 (and wip 1)", () => {
    assert.deepEqual(wordMeasures(sentences, sentences), { wer: 0, mer: 0, wil: 0, wip: 1, hits: 15, substitutions: 0, deletions: 0, insertions: 0 });
    assert.equal(charMeasures(sentences, sentences).cer, 0);
  });

  it("scores an empty hypothesis 1 (every reference token deleted)", () => {
    const empty = sentences.map(() => "");
    assert.equal(wordMeasures(sentences, empty).wer, 1);
    assert.equal(wordMeasures(sentences, empty).deletions, 15);
    assert.equal(charMeasures(sentences, empty).cer, 1);
  });

  it("sums counts over the corpus instead of averaging sentence rates", () => {
    const m = wordMeasures(["a b c d", "e"], ["a b c d", "x"]);
    assert.equal(m.wer, 1 / 5); // the mean of the sentence rates would be 0.5
  });

  it("is not symmetric: wer divides by the reference length", () => {
    assert.equal(wordMeasures("a b", "a b c d").wer, 1);
    assert.equal(wordMeasures("a b c d", "a b").wer, 0.5);
  });

  it("raises a clear error when the sentence counts differ", () => {
    assert.throws(() => wordMeasures(["a", "b"], ["a"]), (e: unknown) => e instanceof JiwerInputError && /got 2 reference and 1 hypothesis/.test(e.message));
    assert.throws(() => charMeasures(["a"], ["a", "b"]), JiwerInputError);
  });

  it("counts characters as code points", () => {
    assert.deepEqual(charMeasures("😀b", "😃b"), { cer: 0.5, hits: 1, substitutions: 1, deletions: 0, insertions: 0 });
  });

  it("uses Python's whitespace: two no-break spaces collapse, one tab stays inside a word, U+FEFF is not stripped", () => {
    assert.deepEqual(processWords("a\u00a0\u00a0b\u0085", "x").references, [["a", "b"]]);
    assert.deepEqual(processWords("a\tb", "x").references, [["a\tb"]]);
    assert.deepEqual(processWords("\ufeffa", "x").references, [["\ufeffa"]]);
  });

  it("wer_contiguous aligns the joined text, wer_default each pair", () => {
    const refs = ["i", "am i good"];
    const hyps = ["i am", "i good"];
    assert.equal(wordMeasures(refs, hyps).wer, 0.5);
    assert.equal(wordMeasures(refs, hyps, { referenceTransform: "wer_contiguous", hypothesisTransform: "wer_contiguous" }).wer, 0);
  });
});

describe("percent (Python's .2f)", () => {
  it("rounds exact ties to even like Python, other values like toFixed", () => {
    assert.equal(percent(0.00125), "0.12"); // 0.125 exactly: Python '0.12', toFixed '0.13'
    assert.equal(percent(0.00375), "0.38");
    assert.equal(percent(2 / 3), "66.67");
    assert.equal(percent(0.8888888888888888), "88.89");
  });
});
