import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  bootstrapAggregate,
  createRougeScorer,
  punktSentences,
  rougeCorpus,
  rougeScore,
  rougeScoreMulti,
  type RougeType,
  tokenize,
} from "../../src/core/metrics/rouge";

const ALL: RougeType[] = ["rouge1", "rouge2", "rougeL", "rougeLsum"];
const TEXTS = [
  "The patient is a 26-year-old female, referred to Physical Therapy for low back pain.",
  "Patient reports low back pain for eight years after a fall; PT once or twice, electrical stimulation and heat.",
  "Der Bruder des Opfers sagte, er könne sich niemanden vorstellen, der ihm schaden wollte.\nEr war 28 Jahre alt.",
  "the the the cat sat on the mat\nthe cat",
];
const OPTION_SETS = [{}, { useStemmer: true }, { tokenizer: "unicode" as const }, { useStemmer: true, tokenizer: "unicode" as const }];
const triple = (s: { precision: number; recall: number; fmeasure: number }) => [s.precision, s.recall, s.fmeasure];

describe("rougeScore: values identical to rouge_score", () => {
  it("reproduces the RougeScorer docstring example bit for bit (use_stemmer=True)", () => {
    const s = rougeScore("The quick brown fox jumps over the lazy dog", "The quick brown dog jumps on the log.", ALL, {
      useStemmer: true,
    });
    // Values printed by rouge_score with NLTK 3.x.
    assert.deepEqual(triple(s.rouge1), [0.75, 0.6666666666666666, 0.7058823529411765]);
    assert.deepEqual(triple(s.rouge2), [0.2857142857142857, 0.25, 0.26666666666666666]);
    assert.deepEqual(triple(s.rougeL), [0.625, 0.5555555555555556, 0.5882352941176471]);
    assert.deepEqual(triple(s.rougeLsum), [0.625, 0.5555555555555556, 0.5882352941176471]);
  });

  it("picks the same LCS as rouge_score's backtrack when several exist (rougeLsum depends on it)", () => {
    // A different tie-break gives 0.8333… here and 0.3333/0.75 below (checked against rouge_score).
    assert.deepEqual(triple(rougeScore("a c\nd a a a", "c b a\na a a", ["rougeLsum"]).rougeLsum), [
      0.6666666666666666, 0.6666666666666666, 0.6666666666666666,
    ]);
    assert.deepEqual(triple(rougeScore("b a c b", "c b a a\nc b\nc a c", ["rougeLsum"]).rougeLsum), [
      0.4444444444444444, 1.0, 0.6153846153846153,
    ]);
  });

  it("counts n-grams with multiplicity, clipped by the other side", () => {
    const s = rougeScore("the the the cat", "the cat the the", ["rouge1", "rouge2"]);
    assert.deepEqual(triple(s.rouge1), [1, 1, 1]);
    assert.deepEqual(triple(s.rouge2), [2 / 3, 2 / 3, 0.6666666666666666]);
    assert.equal(rougeScore("a", "a a a a", ["rouge1"]).rouge1.precision, 0.25);
  });

  it("splits rougeLsum sentences on newlines only, unless splitSummaries is set", () => {
    const [target, prediction] = ["First sentence. Second Sentence.", "Second sentence. First Sentence."];
    assert.equal(rougeScore(target, prediction, ["rougeLsum"], { useStemmer: true }).rougeLsum.fmeasure, 0.5);
    const split = rougeScore(target, prediction, ["rougeLsum"], { useStemmer: true, splitSummaries: true });
    assert.equal(split.rougeLsum.fmeasure, 1);
  });

  it("rejects unknown types and multi-reference scoring without references", () => {
    assert.throws(() => rougeScore("a", "a", ["rouge0" as RougeType]), /Invalid rouge type/);
    assert.throws(() => rougeScore("a", "a", ["rougeX" as RougeType]), /Invalid rouge type/);
    assert.throws(() => rougeScoreMulti([], "a", ["rouge1"]), /at least one target/);
  });
});

describe("rouge properties", () => {
  it("scores identical non-empty texts 1.0 for every type, tokenizer and stemmer setting", () => {
    for (const options of OPTION_SETS) {
      for (const text of TEXTS) {
        const s = rougeScore(text, text, ALL, options);
        for (const type of ALL) assert.deepEqual(triple(s[type]), [1, 1, 1], `${type} ${JSON.stringify(options)}`);
      }
    }
  });

  it("scores an empty (or token-free) prediction or target 0 without failing", () => {
    for (const options of OPTION_SETS) {
      for (const [target, prediction] of [[TEXTS[0], ""], ["", TEXTS[0]], ["", ""], [TEXTS[0], " /-- \n "], ["\n\n", "x"]]) {
        const s = rougeScore(target, prediction, ALL, options);
        for (const type of ALL) assert.deepEqual(triple(s[type]), [0, 0, 0], `${type} ${JSON.stringify([target, prediction])}`);
      }
    }
  });

  it("swaps precision and recall when target and prediction swap (F unchanged)", () => {
    let asymmetric = 0;
    for (const options of OPTION_SETS) {
      for (let i = 0; i < TEXTS.length; i++) {
        const [a, b] = [TEXTS[i], TEXTS[(i + 1) % TEXTS.length]];
        const ab = rougeScore(a, b, ["rouge1", "rouge2", "rougeL"], options);
        const ba = rougeScore(b, a, ["rouge1", "rouge2", "rougeL"], options);
        for (const type of ["rouge1", "rouge2", "rougeL"] as const) {
          assert.equal(ab[type].precision, ba[type].recall, type);
          assert.equal(ab[type].recall, ba[type].precision, type);
          assert.equal(ab[type].fmeasure, ba[type].fmeasure, type);
        }
        if (ab.rouge1.precision !== ab.rouge1.recall) asymmetric++;
      }
    }
    assert.ok(asymmetric >= 4, "pairs with precision ≠ recall keep the check meaningful");
  });

  it("keeps each value in [0, 1]", () => {
    for (const a of TEXTS) {
      for (const b of TEXTS) {
        for (const s of Object.values(rougeScore(a, b, ALL, { useStemmer: true }))) {
          for (const v of triple(s)) assert.ok(v >= 0 && v <= 1);
        }
      }
    }
  });
});

describe("tokenizers", () => {
  it("default: rouge_score's ASCII tokenizer deletes umlauts and ß", () => {
    assert.deepEqual(tokenize("Müller aß Straße", false), ["m", "ller", "a", "stra", "e"]);
    assert.deepEqual(tokenize("Hello, WORLD-wide 42!", false), ["hello", "world", "wide", "42"]);
  });

  it("unicode: keeps letters, marks and digits of every script, lowercased and NFC-normalized", () => {
    assert.deepEqual(tokenize("Müller aß Straße", false, "unicode"), ["müller", "aß", "straße"]);
    assert.deepEqual(tokenize("Mu\u0308ller", false, "unicode"), ["müller"]);
    assert.deepEqual(tokenize("Привет, мир! Καλημέρα 123", false, "unicode"), ["привет", "мир", "καλημέρα", "123"]);
    assert.deepEqual(tokenize("हिन्दी भाषा", false, "unicode"), ["हिन्दी", "भाषा"]);
  });

  it("stems only ASCII tokens longer than 3 characters, with either tokenizer", () => {
    assert.deepEqual(tokenize("the friends had a meeting", true), ["the", "friend", "had", "a", "meet"]);
    assert.deepEqual(tokenize("running läuft müllers dies", true, "unicode"), ["run", "läuft", "müllers", "die"]);
    assert.deepEqual(tokenize("ties was", true), ["tie", "was"]);
  });

  it("unicode tokenizer tells apart German words that the default one reduces to the same pieces", () => {
    const [target, prediction] = ["Herr Müller aß Äpfel", "Herr Möller aß Äpfel"];
    // Default: both names become "m ller", so the wrong name scores a perfect 1 (as in rouge_score).
    assert.equal(rougeScore(target, prediction, ["rouge1"]).rouge1.fmeasure, 1);
    assert.equal(rougeScore(target, prediction, ["rouge1"], { tokenizer: "unicode" }).rouge1.fmeasure, 0.75);
  });
});

describe("punktSentences (Punkt without a trained model)", () => {
  // Each expectation is NLTK's PunktSentenceTokenizer() output.
  const cases: [string, string[]][] = [
    ["First sentence. Second Sentence.", ["First sentence.", "Second Sentence."]],
    ["(Sent1.) Sent2.", ["(Sent1.)", "Sent2."]],
    ["J. S. Bach wrote it. Then he left.", ["J. S. Bach wrote it.", "Then he left."]],
    ["It costs 3. dollars. 4. Next one.", ["It costs 3. dollars.", "4.", "Next one."]],
    ["Wait... what? Yes!", ["Wait... what?", "Yes!"]],
    ['He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]],
    ["Line one.\nLine two", ["Line one.", "Line two"]],
    ["", []],
  ];
  for (const [text, sentences] of cases) {
    it(`splits ${JSON.stringify(text)}`, () => assert.deepEqual(punktSentences(text), sentences));
  }

  it("splits after abbreviations, which NLTK's trained English model would not", () => {
    assert.deepEqual(punktSentences("Dr. Smith arrived. He sat."), ["Dr.", "Smith arrived.", "He sat."]);
  });
});

describe("multi-reference and corpus", () => {
  it("takes the reference with the highest F per type, the first one on ties (np.argmax)", () => {
    // Both references give F = 2/3; the first has P = 1, R = 0.5, the second P = 0.5, R = 1.
    assert.deepEqual(triple(rougeScoreMulti(["a b c d", "a"], "a b", ["rouge1"]).rouge1), [1, 0.5, 0.6666666666666666]);
    assert.deepEqual(triple(rougeScoreMulti(["a", "a b c d"], "a b", ["rouge1"]).rouge1), [0.5, 1, 0.6666666666666666]);
    const s = rougeScoreMulti(["first text", "first something"], "text first", ["rouge1", "rouge2", "rougeL"]);
    assert.deepEqual([s.rouge1.fmeasure, s.rouge2.fmeasure, s.rougeL.fmeasure], [1, 0, 0.5]);
  });

  it("averages per-segment precision, recall and F-measure", () => {
    const { mean, segments } = rougeCorpus(["a b", ["c d", "c"]], ["a", "c"], ["rouge1"]);
    assert.deepEqual(triple(segments[0].rouge1), [1, 0.5, 0.6666666666666666]);
    assert.deepEqual(triple(segments[1].rouge1), [1, 1, 1]);
    assert.deepEqual(triple(mean.rouge1), [1, 0.75, (0.6666666666666666 + 1) / 2]);
    assert.throws(() => rougeCorpus(["a"], [], ["rouge1"]), /1 references but 0 predictions/);
  });

  it("reuses one scorer across pairs with the same results as one-off scoring", () => {
    const scorer = createRougeScorer(ALL, { useStemmer: true });
    for (const a of TEXTS) for (const b of TEXTS) assert.deepEqual(scorer.score(a, b), rougeScore(a, b, ALL, { useStemmer: true }));
  });

  it("bootstraps reproducibly, with low ≤ mid ≤ high around the mean", () => {
    const scores = TEXTS.flatMap((a) => TEXTS.map((b) => rougeScore(a, b, ["rouge1"]).rouge1));
    const first = bootstrapAggregate(scores, { seed: 5 });
    assert.deepEqual(bootstrapAggregate(scores, { seed: 5 }), first);
    assert.ok(first.low.fmeasure <= first.mid.fmeasure && first.mid.fmeasure <= first.high.fmeasure);
    assert.ok(first.low.fmeasure < first.high.fmeasure);
    assert.throws(() => bootstrapAggregate(scores, { confidenceInterval: 1.5 }), /confidenceInterval/);
  });
});
