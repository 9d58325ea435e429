import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  BertScoreModelError,
  bertScore,
  checkModelFolder,
  createTransformersProvider,
  type EmbeddedText,
  greedyMatch,
  idfWeights,
  parseBaseline,
  uniformWeights,
} from "../../src/core/metrics/bertscore";

const S = Math.SQRT1_2; // cos 45°
const close = (got: number, want: number, what: string) => assert.ok(Math.abs(got - want) < 1e-12, `${what}: got ${got}, want ${want}`);

// 2-D embeddings whose cosines are easy to do by hand (lengths differ on purpose: only directions count).
const candidate: EmbeddedText = { tokens: ["[CLS]", "x", "y", "[SEP]"], vectors: [[1, 0], [0, 1], [0, -3], [2, 0]] };
const reference: EmbeddedText = { tokens: ["[CLS]", "x", "z", "[SEP]"], vectors: [[1, 0], [0, 2], [1, 1], [0, -1]] };

describe("greedyMatch (bert_score's greedy_cos_idf)", () => {
  it("matches each token to its most similar counterpart, [CLS]/[SEP] included but weighted 0", () => {
    // x→x: 1; y→[SEP] of the reference: 1 (a special token can be the best match, as in bert_score).
    // Reference side: x ← x: 1; z ← [CLS] or [SEP] of the candidate: cos 45°.
    const r = greedyMatch(candidate, reference, uniformWeights());
    close(r.precision, 1, "P");
    close(r.recall, (1 + S) / 2, "R");
    close(r.f1, (2 * 1 * ((1 + S) / 2)) / (1 + (1 + S) / 2), "F");
  });

  it("weights tokens by idf when given idf weights", () => {
    // references' documents: {CLS,x,z,SEP} and {CLS,x,SEP}; M = 2: idf(x) = ln 3/3 = 0, idf(z) = ln 3/2, idf(y) = ln 3
    const idf = idfWeights([reference.tokens, ["[CLS]", "x", "[SEP]"]]);
    close(idf("[CLS]"), 0, "idf [CLS]");
    close(idf("z"), Math.log(1.5), "idf z");
    close(idf("y"), Math.log(3), "idf of an unseen token");
    const r = greedyMatch(candidate, reference, idf);
    close(r.precision, 1, "P (only y counts)");
    close(r.recall, S, "R (only z counts)");
    close(r.f1, 2 * (Math.SQRT2 - 1), "F");
  });

  it("gives an empty candidate or reference ([CLS] [SEP] only) P = R = F = 0", () => {
    const empty: EmbeddedText = { tokens: ["[CLS]", "[SEP]"], vectors: [[1, 0], [0, 1]] };
    assert.deepEqual(greedyMatch(empty, reference, uniformWeights()), { precision: 0, recall: 0, f1: 0 });
    assert.deepEqual(greedyMatch(candidate, empty, uniformWeights()), { precision: 0, recall: 0, f1: 0 });
  });

  it("leaves P NaN when every candidate weight is 0, as bert_score (F becomes 0)", () => {
    const r = greedyMatch(candidate, reference, () => 0);
    assert.ok(Number.isNaN(r.precision));
    assert.equal(r.f1, 0);
  });

  it("rejects tokens and vectors that do not line up", () => {
    assert.throws(() => greedyMatch({ tokens: ["[CLS]"], vectors: [] }, reference, uniformWeights()), /1 tokens but 0 vectors/);
  });
});

describe("bertScore over a corpus", () => {
  const other: EmbeddedText = { tokens: ["[CLS]", "y", "[SEP]"], vectors: [[1, 0], [0, -1], [1, 0]] };

  it("takes P, R and F each as the maximum over a candidate's references, then averages", () => {
    const single = greedyMatch(candidate, reference, uniformWeights());
    const alt = greedyMatch(candidate, other, uniformWeights()); // P: x→[CLS]/[SEP] 0 … y→y 1: (0+1)/2; R: y←y 1
    close(alt.precision, 0.5, "P against the other reference");
    close(alt.recall, 1, "R against the other reference");
    const r = bertScore([candidate, candidate], [[reference, other], reference]);
    close(r.segments[0].precision, Math.max(single.precision, alt.precision), "P");
    close(r.segments[0].recall, Math.max(single.recall, alt.recall), "R (from the other reference)");
    close(r.segments[0].f1, Math.max(single.f1, alt.f1), "F");
    close(r.mean.f1, (r.segments[0].f1 + r.segments[1].f1) / 2, "mean F1");
  });

  it("rescales with a baseline row: (raw − b) / (1 − b)", () => {
    const tsv = "LAYER,P,R,F\n0,0.1,0.1,0.1\n1,0.5,0.25,0.2\n";
    const baseline = parseBaseline(tsv, 1);
    assert.deepEqual(baseline, { precision: 0.5, recall: 0.25, f1: 0.2 });
    const raw = greedyMatch(candidate, reference, uniformWeights());
    const r = bertScore([candidate], [reference], { baseline }).segments[0];
    close(r.precision, (raw.precision - 0.5) / 0.5, "P");
    close(r.recall, (raw.recall - 0.25) / 0.75, "R");
    close(r.f1, (raw.f1 - 0.2) / 0.8, "F");
    assert.throws(() => parseBaseline(tsv, 5), /no valid row for layer 5/);
  });

  it("computes idf over all references, flattened", () => {
    const withIdf = bertScore([candidate], [[reference, other]], { idf: true }).segments[0];
    const idf = idfWeights([reference.tokens, other.tokens]);
    const byHand = [reference, other].map((ref) => greedyMatch(candidate, ref, idf));
    close(withIdf.f1, Math.max(...byHand.map((t) => t.f1)), "F");
  });

  it("refuses mismatched corpus sizes", () => {
    assert.throws(() => bertScore([candidate], []), /1 candidates but 0 references/);
  });
});

describe("BERTScore model folder", () => {
  const dir = mkdtempSync(join(tmpdir(), "pb-bertscore-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("says where the model is missing and how to export it, never loading anything", async () => {
    const missing = join(dir, "absent");
    await assert.rejects(createTransformersProvider({ modelDir: missing }), (e: unknown) => {
      assert.ok(e instanceof BertScoreModelError);
      assert.ok(e.message.startsWith(`BERTScore model not found at ${missing} (no such folder) — run \``), e.message);
      assert.match(e.message, /optimum-cli export onnx --model gbert-L9 .*and set the path$/);
      return true;
    });
  });

  it("accepts optimum-cli's layout and rejects a model with another layer count than bert_score's", () => {
    const model = join(dir, "gbert");
    mkdirSync(model);
    for (const f of ["tokenizer.json", "tokenizer_config.json", "model.onnx"]) writeFileSync(join(model, f), "{}");
    assert.throws(() => checkModelFolder(model), /no config\.json/);
    writeFileSync(join(model, "config.json"), JSON.stringify({ num_hidden_layers: 12 }));
    assert.throws(() => checkModelFolder(model), /has 12 layers, but BERTScore uses the output of layer 9/);
    writeFileSync(join(model, "config.json"), JSON.stringify({ num_hidden_layers: 9 }));
    assert.deepEqual(checkModelFolder(model), { dir: model, onnxSubfolder: "", layers: 9 });
  });
});
