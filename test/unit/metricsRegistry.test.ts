import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { computeMetrics, type ResultsView } from "../../src/core/metrics/computeMetrics";
import { TEXT_METRICS } from "../../src/core/metrics/registry";
import { DEFAULT_SCORE_OPTIONS } from "../../src/core/metrics/scoreOptions";
import { scoreTexts } from "../../src/core/metrics/scoreTexts";
import { METRIC_IDS } from "../../src/core/metrics/textMetric";
import { factColumn, predColumn } from "../../src/core/results/columns";

const O = DEFAULT_SCORE_OPTIONS;
const hyps = ["the cat sat on the mat", "hello world"];
const refs = [["the cat is on the mat", "hello there world"]];

describe("text metric registry", () => {
  test("matches sacrebleu 2.6.0 on a small corpus (values printed by sacrebleu itself)", () => {
    const r = scoreTexts(hyps, refs, ["bleu", "chrf", "chrf++"], O, true);
    assert.ok(Math.abs(r.bleu!.score - 32.42685978604634) < 1e-9);
    assert.ok(Math.abs(r.chrf!.score - 53.36967691567773) < 1e-9);
    assert.ok(Math.abs(r["chrf++"]!.score - 55.48730130144619) < 1e-9);
    assert.deepEqual(r.bleu!.segments!.map((s) => Math.round(s * 1e6) / 1e6), [37.991784, 42.888194]);
    assert.equal(r.bleu!.signature, "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:prompt-bench-0.1.0");
  });

  test("identical texts score the maximum on every metric, in its own scale", () => {
    const same = ["Herr Müller wohnt in Köln.", "The patient is stable."];
    const r = scoreTexts(same, [same], METRIC_IDS, O);
    for (const id of METRIC_IDS) {
      const best = ["wer", "cer", "mer", "wil"].includes(id) ? 0 : TEXT_METRICS[id].scale === "0-100" ? 100 : 1;
      assert.ok(Math.abs(r[id]!.score - best) < 1e-9, `${id}: ${r[id]!.score}`);
    }
  });

  test("an empty hypothesis scores without crashing", () => {
    const r = scoreTexts(["", "hello"], [["a b c", "hello"]], METRIC_IDS, O, true);
    for (const id of METRIC_IDS) assert.ok(Number.isFinite(r[id]!.score), id);
    assert.equal(r.wer!.segments![0], 1);
  });

  test("the rouge tokenizer option changes German scores, the default matching rouge_score", () => {
    const h = ["Herr Müller aß Äpfel"];
    const r = [["Herr Möller aß Äpfel"]];
    assert.equal(scoreTexts(h, r, ["rouge1"], O).rouge1!.score, 1, "rouge_score deletes umlauts: m ller = m ller");
    assert.ok(scoreTexts(h, r, ["rouge1"], { ...O, rougeTokenizer: "unicode" }).rouge1!.score < 1);
  });

  test("BLEU and chrF are not symmetric in hypothesis and reference; ROUGE swaps precision and recall", () => {
    const a = ["the quick brown fox"];
    const b = ["the quick brown fox jumps over"];
    for (const id of ["bleu", "chrf++"] as const) {
      assert.notEqual(scoreTexts(a, [b], [id], O)[id]!.score, scoreTexts(b, [a], [id], O)[id]!.score, id);
    }
    // ROUGE's F is symmetric; precision and recall swap.
    const ab = scoreTexts(a, [b], ["rouge1"], O).rouge1!;
    const ba = scoreTexts(b, [a], ["rouge1"], O).rouge1!;
    assert.equal(ab.fmeasure, ba.fmeasure);
    assert.equal(ab.precision, ba.recall);
    assert.notEqual(ab.precision, ab.recall);
  });
});

describe("metrics CSV columns", () => {
  function view(rows: Record<string, string>[]): ResultsView {
    return { rowCount: rows.length, get: (row, column) => rows[row]?.[column] ?? "" };
  }
  const row = (city: string, pred: string, valid: boolean): Record<string, string> => ({
    city,
    [predColumn("m", "city")]: pred,
    [factColumn("m", "valid")]: String(valid),
    [factColumn("m", "seconds")]: "2",
    [factColumn("m", "tokens_out")]: "10",
  });

  test("are computed over schema-valid rows only, on the reference tools' scales", () => {
    const rows = [row("Berlin", "Berlin", true), row("Köln", "Koeln", true), row("Graz", "nonsense", false)];
    const [m] = computeMetrics(view(rows), ["city"], ["m"]);
    const expected = scoreTexts(["Berlin", "Koeln"], [["Berlin", "Köln"]], ["bleu", "chrf++", "rouge1", "rougeL", "exact_match"], O);
    assert.equal(m!.n_valid, 2);
    assert.equal(m!.bleu, expected.bleu!.score);
    assert.equal(m!.chrf, expected["chrf++"]!.score, "the chrf column is chrF++");
    assert.equal(m!.rouge1, expected.rouge1!.score);
    assert.equal(m!.exact_match, 50);
    assert.equal(m!.bertscore_f1, undefined);
    assert.equal(m!.tokens_per_sec, 30 / 6);
  });

  test("stay empty when no row is valid", () => {
    const [m] = computeMetrics(view([row("Berlin", "", false)]), ["city"], ["m"]);
    assert.equal(m!.n_valid, 0);
    for (const c of ["rouge1", "rouge2", "rougeL", "bleu", "chrf", "exact_match"] as const) assert.equal(m![c], undefined, c);
  });
});
