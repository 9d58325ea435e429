import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  computeBleuFromStats,
  corpusBleu,
  formatBleu,
  pyFixed,
  SIGNATURE_VERSION,
  sentenceBleu,
} from "../../src/core/metrics/bleu";
import { getTokenizer, pyRstrip, pySplit, tokenize13a, tokenizeIntl } from "../../src/core/metrics/tokenizers";

const close = (actual: number, expected: number, eps = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= eps, `got ${actual}, expected ${expected}`);

describe("tokenizers (outputs checked against sacrebleu 2.6.0)", () => {
  it("13a separates punctuation and symbols, keeps apostrophes, inner hyphens and numbers", () => {
    assert.equal(tokenize13a("Hello, world!"), "Hello , world !");
    assert.equal(tokenize13a("don't (hi) 3-4 a-b e.g."), "don't ( hi ) 3 - 4 a-b e . g .");
    // padding splits the final period even after a digit; the thousands separator stays
    assert.equal(tokenize13a("It costs $1,000.50 in 2017."), "It costs $ 1,000.50 in 2017 .");
  });

  it("13a unescapes &quot; &amp; &lt; &gt; once, drops <skipped> and joins hyphenated lines", () => {
    assert.equal(tokenize13a("&quot;quoted&quot; &amp;quot; a&lt;b&gt;c"), '" quoted " & quot ; a < b > c');
    assert.equal(tokenize13a("foo-\nbar<skipped> baz\nqux"), "foobar baz qux");
  });

  it("intl splits Unicode punctuation and symbols but not a digit's final period (mteval-v14 quirk)", () => {
    assert.equal(tokenizeIntl("Preis: 5€, „Hallo“ – 1.000,5 in 2017."), "Preis : 5 € , „ Hallo “ – 1.000,5 in 2017.");
    assert.equal(tokenizeIntl("don't 3-4 a-b"), "don ' t 3-4 a - b");
    assert.equal(tokenize13a("Preis: 5€, „Hallo“"), "Preis : 5€ , „Hallo“");
  });

  it("char makes every code point a token, an emoji included", () => {
    assert.deepEqual(pySplit(getTokenizer("char")("Grüße 😀!")), ["G", "r", "ü", "ß", "e", "😀", "!"]);
  });

  it("splits on Python's whitespace: U+001C and U+0085 yes, U+FEFF no", () => {
    assert.deepEqual(pySplit(" x\x1cy\x85z\ufeffw\t"), ["x", "y", "z\ufeffw"]);
    assert.equal(tokenize13a("x\x1cy\x85z\ufeffw"), "x y z\ufeffw");
    assert.equal(pyRstrip("a b \x1c\n"), "a b");
    assert.deepEqual(pySplit(""), []);
  });

  it("rejects an unknown tokenizer", () => {
    assert.throws(() => getTokenizer("zh" as never), /unknown tokenizer "zh"/);
  });
});

describe("BLEU by hand", () => {
  // hyp "the cat sat on the mat" vs ref "the cat is on the mat", both 6 tokens, so BP = 1.
  // 1-grams: the×2 cat on mat match → 5/6; 2-grams: "the cat" "on the" "the mat" → 3/5;
  // 3-grams: "on the mat" → 1/4; 4-grams: 0/3.
  const hyp = ["the cat sat on the mat"];
  const ref = [["the cat is on the mat"]];

  it("exp smoothing: a zero count becomes 1/(2·total) → (500/6 · 60 · 25 · 100/6)^(1/4) = 37.99", () => {
    const r = corpusBleu(hyp, ref);
    assert.deepEqual([r.counts, r.totals, r.sysLen, r.refLen, r.bp], [[5, 3, 1, 0], [6, 5, 4, 3], 6, 6, 1]);
    close(r.precisions[3]!, 100 / 6);
    close(r.score, Math.pow((500 / 6) * 60 * 25 * (100 / 6), 1 / 4));
    close(r.score, 37.99178428257963);
  });

  it("none → 0; floor 0.1 → p4 = 10/3; add-k 1 → counts+1 and totals+1 from bigrams on", () => {
    assert.equal(corpusBleu(hyp, ref, { smooth_method: "none" }).score, 0);
    close(corpusBleu(hyp, ref, { smooth_method: "floor" }).score, Math.pow((500 / 6) * 60 * 25 * (10 / 3), 1 / 4));
    const addK = corpusBleu(hyp, ref, { smooth_method: "add-k" });
    assert.deepEqual([addK.counts, addK.totals], [[5, 4, 2, 1], [6, 6, 5, 4]]);
    close(addK.score, Math.pow((500 / 6) * (400 / 6) * 40 * 25, 1 / 4));
  });

  it("brevity penalty exp(1 − r/c) for a short hypothesis", () => {
    // "the cat" vs a 6-token reference: both n-gram orders match fully, effective order 2.
    const r = sentenceBleu("the cat", ["the cat sat on the mat"]);
    close(r.bp, Math.exp(1 - 6 / 2));
    close(r.score, 100 * Math.exp(-2));
  });

  it("closest reference length, ties going to the shorter reference", () => {
    // hyp has 4 tokens, references 3 and 5: the tie picks 3, so BP = 1 (picking 5 would give 77.88).
    const r = corpusBleu(["a b c d"], [["a b c"], ["a b c d e"]]);
    assert.equal(r.refLen, 3);
    close(r.score, 100);
  });

  it("computeBleuFromStats defaults to no smoothing, like sacrebleu's compute_bleu", () => {
    close(computeBleuFromStats([9, 7, 5, 3], [10, 8, 6, 4], 11, 11).score, 83.75922397086269);
    assert.throws(() => computeBleuFromStats([1, 1], [1, 1, 1], 1, 1), /expected 2 n-gram counts/);
  });
});

describe("BLEU references", () => {
  it("an empty reference string is a reference of length 0, as sacrebleu 2.6 does", () => {
    const r = sentenceBleu("dog", ["", "the big dog"]);
    assert.equal(r.refLen, 0);
    close(r.score, 100);
    assert.match(r.signature, /^nrefs:2\|/);
  });

  it("with empty_refs 'missing' it is left out (sacrebleu's README / 2.0 rule)", () => {
    const r = sentenceBleu("dog", ["", "the big dog"], { empty_refs: "missing" });
    assert.equal(r.refLen, 3);
    close(r.score, 100 * Math.exp(1 - 3));
    assert.match(corpusBleu(["a", "b"], [["a", ""], ["x", "b"]], { empty_refs: "missing" }).signature, /^nrefs:var\|/);
  });

  it("null is always a missing reference; a segment without any reference throws", () => {
    assert.match(corpusBleu(["a", "b"], [["a", null], ["x", "b"]]).signature, /^nrefs:var\|/);
    assert.throws(() => corpusBleu(["a"], [[null]]), /segment 1 has no reference/);
  });

  it("throws on an empty corpus and on streams of another length", () => {
    assert.throws(() => corpusBleu([], [[]]), /no hypotheses/);
    assert.throws(() => corpusBleu(["a", "b"], [["a"]]), /reference stream 1 has 1 segments, the hypotheses 2/);
  });
});

describe("BLEU signature", () => {
  it("is sacrebleu's format with our version last", () => {
    const hyps = ["The dog bit the man."];
    assert.equal(SIGNATURE_VERSION, "prompt-bench-0.1.0");
    assert.equal(
      corpusBleu(hyps, [hyps]).signature,
      "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:prompt-bench-0.1.0",
    );
    assert.equal(
      sentenceBleu(hyps[0]!, ["x"], { tokenize: "intl", lowercase: true, smooth_method: "floor" }).signature,
      "nrefs:1|case:lc|eff:yes|tok:intl|smooth:floor[0.10]|version:prompt-bench-0.1.0",
    );
  });

  it("formats the smoothing value as Python's .2f (ties to even)", () => {
    const sig = (smooth_value: number | null) => corpusBleu(["a"], [["a"]], { smooth_method: "add-k", smooth_value }).signature;
    assert.match(sig(null), /smooth:add-k\[1\.00\]/);
    assert.match(sig(0.125), /smooth:add-k\[0\.12\]/);
    assert.match(sig(0.375), /smooth:add-k\[0\.38\]/);
  });
});

describe("printing as sacrebleu", () => {
  it("rounds exact ties to even like Python's format, unlike toFixed", () => {
    assert.deepEqual([pyFixed(0.125, 2), pyFixed(0.375, 2), pyFixed(0.5, 0), pyFixed(2.5, 0), pyFixed(-0.125, 2)], [
      "0.12", "0.38", "0", "2", "-0.12",
    ]);
    // not ties in binary: 1.005 is 1.00499999999999989…
    assert.deepEqual([pyFixed(1.005, 2), pyFixed(48.530827, 2), pyFixed(0, 3)], ["1.00", "48.53", "0.000"]);
  });

  it("formats the score line, with the signature when given", () => {
    const r = corpusBleu(["the cat sat on the mat"], [["the cat is on the mat"]]);
    assert.equal(formatBleu(r), "BLEU = 37.99 83.3/60.0/25.0/16.7 (BP = 1.000 ratio = 1.000 hyp_len = 6 ref_len = 6)");
    assert.match(formatBleu(r, 4, r.signature), /^BLEU\|nrefs:1\|case:mixed\|.*\|version:prompt-bench-0\.1\.0 = 37\.9918 83\.3\//);
  });
});

describe("BLEU properties", () => {
  it("identical text scores 100", () => {
    const text = ["Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich.", "Grüße aus Köln! 😀"];
    close(corpusBleu(text, [text]).score, 100);
    for (const tokenize of ["13a", "intl", "char", "none"] as const) close(sentenceBleu(text[1]!, [text[1]!], { tokenize }).score, 100);
  });

  it("an empty hypothesis scores 0 without throwing", () => {
    const r = corpusBleu([""], [["a reference"]]);
    assert.deepEqual([r.score, r.sysLen, r.bp], [0, 0, 0]);
    assert.equal(sentenceBleu("", [""]).score, 0);
  });

  it("is asymmetric in hypothesis and reference", () => {
    const forward = sentenceBleu("the cat", ["the cat sat on the mat"]).score;
    const backward = sentenceBleu("the cat sat on the mat", ["the cat"]).score;
    close(forward, 13.533528323661276);
    close(backward, 16.233395773754953);
  });

  it("lowercases Unicode letters (umlauts) when asked", () => {
    assert.equal(sentenceBleu("ÄPFEL ÜBER", ["äpfel über"]).score, 0);
    close(sentenceBleu("ÄPFEL ÜBER", ["äpfel über"], { lowercase: true }).score, 100);
  });

  it("rejects unknown options", () => {
    assert.throws(() => corpusBleu(["a"], [["a"]], { smooth_method: "laplace" as never }), /unknown smooth_method/);
    assert.throws(() => corpusBleu(["a"], [["a"]], { max_ngram_order: 0 }), /max_ngram_order/);
  });
});
