import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { corpusChrf, formatChrf, sentenceChrf } from "../../src/core/metrics/chrf";
import { charNgrams, chrfWords } from "../../src/core/metrics/chrf/ngrams";

const close = (actual: number, expected: number, eps = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= eps, `got ${actual}, expected ${expected}`);
const CHRF_PP = { word_order: 2 } as const;

describe("chrF / chrF++ by hand (beta 2, so F = 5PR / (4P + R))", () => {
  // "ab cd" vs "ab dc" → whitespace removed: "abcd" vs "abdc".
  // chars 1: 4/4 match → P = R = 1; 2: {ab bc cd} vs {ab bd dc} → 1/3; 3: 0/2; 4: 0/1; 5–6: none on either side.
  // Words (chrF++): {ab, cd} vs {ab, dc} → 1/2; bigrams "ab cd" vs "ab dc" → 0.
  it("chrF averages P and R over the orders both sides have: (1 + 1/3 + 0 + 0)/4 = 1/3", () => {
    close(sentenceChrf("ab cd", ["ab dc"]).score, 100 / 3);
  });

  it("chrF++ adds the word orders: (1 + 1/3 + 0 + 0 + 1/2 + 0)/6 = 11/36", () => {
    const r = sentenceChrf("ab cd", ["ab dc"], CHRF_PP);
    close(r.score, (100 * 11) / 36);
    // [hyp, ref, match] per order: six character orders, then two word orders.
    assert.deepEqual(r.stats, [4, 4, 4, 3, 3, 1, 2, 2, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 2, 2, 1, 1, 1, 0]);
    assert.equal(r.name, "chrF2++");
  });

  // "ab" vs "abc": chars 1: P = 1, R = 2/3; 2: P = 1, R = 1/2; 3: the hypothesis has none (not counted).
  // Words: "ab" vs "abc" → P = R = 0; no word bigrams.
  it("P ≠ R: chrF = 5·1·(7/12) / (4 + 7/12) = 7/11; chrF++ = 5·(2/3)(7/18) / (8/3 + 7/18) = 14/33", () => {
    close(sentenceChrf("ab", ["abc"]).score, (100 * 7) / 11);
    close(sentenceChrf("ab", ["abc"], CHRF_PP).score, (100 * 14) / 33);
  });

  it("eps smoothing averages per-order F over all 8 orders: (5/7 + 5/9 + ~0)/8 = 10/63", () => {
    // chars 1: F = 5/7; 2: F = 5/9; 3: P = eps, R = 0 → 0; 4–6 and both word orders: eps each.
    close(sentenceChrf("ab", ["abc"], { ...CHRF_PP, eps_smoothing: true }).score, 1000 / 63, 1e-12);
  });

  it("counts code points: umlauts and ß are one character each (P = 4/5, R = 4/6)", () => {
    const r = sentenceChrf("Größe", ["Grösse"], { char_order: 1 });
    assert.deepEqual(r.stats, [5, 6, 4]);
    close(r.score, (100 * 5 * 0.8 * (4 / 6)) / (4 * 0.8 + 4 / 6));
  });

  it("counts an emoji as one character, not two UTF-16 units", () => {
    assert.deepEqual(sentenceChrf("😀", ["😀x"], { char_order: 2 }).stats, [1, 2, 1, 0, 1, 0]);
    assert.deepEqual([...charNgrams("a👍🏽", 2, false)[1]!.keys()], ["a👍", "👍🏽"]);
  });

  it("does not normalise Unicode (precomposed ö ≠ o + combining diaeresis), as sacrebleu", () => {
    assert.ok(sentenceChrf("Grö", ["Gro\u0308"]).score < 100);
  });
});

describe("chrF++ word splitting (sacrebleu's _remove_punctuation)", () => {
  it("splits one ASCII punctuation mark off the end, else off the start", () => {
    assert.deepEqual(chrfWords("(hi) end.) don't, a . -- 😀. 😀"), [
      "(hi", ")", "end.", ")", "don't", ",", "a", ".", "-", "-", "😀", ".", "😀",
    ]);
  });

  it("leaves non-ASCII punctuation attached", () => {
    assert.deepEqual(chrfWords("„Hallo“ Welt…"), ["„Hallo“", "Welt…"]);
  });
});

describe("chrF options and corpus", () => {
  it("whitespace=true keeps spaces inside character n-grams", () => {
    assert.deepEqual(sentenceChrf("a b", ["a b"], { char_order: 1, whitespace: true }).stats, [3, 3, 3]);
    assert.deepEqual(sentenceChrf("a b", ["a b"], { char_order: 1 }).stats, [2, 2, 2]);
  });

  it("lowercase folds Unicode case", () => {
    close(sentenceChrf("ÄPFEL", ["äpfel"], { lowercase: true }).score, 100);
    assert.ok(sentenceChrf("ÄPFEL", ["äpfel"]).score < 100);
  });

  it("beta weighs recall: beta 1 gives the harmonic mean 2PR/(P+R)", () => {
    close(sentenceChrf("ab", ["abc"], { beta: 1 }).score, (100 * 2 * (7 / 12)) / (1 + 7 / 12));
  });

  it("picks, per segment, the reference with the best sentence score (first on a tie)", () => {
    const r = sentenceChrf("ab cd", ["xyz", "ab dc", "ab dc!"]);
    assert.deepEqual(r.stats.slice(0, 3), [4, 4, 4]);
    close(r.score, 100 / 3);
  });

  it("sums statistics over the corpus rather than averaging sentence scores", () => {
    const r = corpusChrf(["ab cd", "ab"], [["ab dc", "abc"]], { char_order: 2 });
    // segment 1: [4,4,4, 3,3,1]; segment 2: [2,3,2, 1,2,1] → P = (6/6 + 2/4)/2, R = (6/7 + 2/5)/2
    assert.deepEqual(r.stats, [6, 7, 6, 4, 5, 2]);
    const p = (1 + 0.5) / 2;
    const rec = (6 / 7 + 2 / 5) / 2;
    close(r.score, (100 * 5 * p * rec) / (4 * p + rec));
  });

  it("has sacrebleu's signature fields", () => {
    assert.equal(
      corpusChrf(["a"], [["a"]]).signature,
      "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:prompt-bench-0.1.0",
    );
    assert.equal(
      sentenceChrf("a", ["a", "b"], { word_order: 2, eps_smoothing: true, lowercase: true, whitespace: true }).signature,
      "nrefs:2|case:lc|eff:no|nc:6|nw:2|space:yes|version:prompt-bench-0.1.0",
    );
  });

  it("prints as sacrebleu: name, optional signature, score", () => {
    const r = sentenceChrf("ab cd", ["ab dc"], CHRF_PP);
    assert.equal(formatChrf(r), "chrF2++ = 30.56");
    assert.equal(formatChrf(r, 4, "nrefs:1"), "chrF2++|nrefs:1 = 30.5556");
  });

  it("rejects impossible orders", () => {
    assert.throws(() => sentenceChrf("a", ["a"], { char_order: 0, word_order: 0 }), /must be > 0/);
    assert.throws(() => sentenceChrf("a", ["a"], { word_order: -1 }), /word_order/);
  });
});

describe("chrF properties", () => {
  const texts = ["Niemand hat die Absicht, eine Mauer zu errichten.", "Grüße aus Köln 😀", "a"];

  it("identical text scores 100 (chrF and chrF++, either smoothing)", () => {
    for (const options of [{}, CHRF_PP, { ...CHRF_PP, eps_smoothing: true }]) {
      close(corpusChrf(texts, [texts], options).score, 100);
    }
  });

  it("an empty hypothesis scores 0 without throwing", () => {
    assert.equal(sentenceChrf("", ["reference"]).score, 0);
    assert.equal(sentenceChrf("", ["reference"], CHRF_PP).score, 0);
    assert.equal(sentenceChrf("", [""]).score, 0);
    assert.ok(sentenceChrf("", ["reference"], { eps_smoothing: true }).score < 1e-12);
  });

  it("is asymmetric in hypothesis and reference (beta 2 favours recall)", () => {
    close(sentenceChrf("ab", ["abc"]).score, (100 * 7) / 11);
    close(sentenceChrf("abc", ["ab"]).score, 87.5);
  });
});
