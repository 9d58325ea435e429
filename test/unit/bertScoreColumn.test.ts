import assert from "node:assert/strict";
import { test } from "node:test";
import { bertScore, type EmbeddedText, type EmbeddingProvider } from "../../src/core/metrics/bertscore";
import { fillBertScore } from "../../src/core/metrics/bertScoreColumn";
import type { ResultsView } from "../../src/core/metrics/computeMetrics";
import { rowScores } from "../../src/core/metrics/rowScores";
import { sentenceBleu } from "../../src/core/metrics/bleu";
import { factColumn, predColumn } from "../../src/core/results/columns";
import type { MetricsRow } from "../../src/core/runner/options";

const rows: Record<string, string>[] = [
  { city: "Berlin", [predColumn("m", "city")]: "Berlin", [factColumn("m", "valid")]: "true" },
  { city: "Köln am Rhein", [predColumn("m", "city")]: "Koeln", [factColumn("m", "valid")]: "true" },
  { city: "Graz", [predColumn("m", "city")]: "", [factColumn("m", "valid")]: "false" },
];
const view: ResultsView = { rowCount: rows.length, get: (r, c) => rows[r]?.[c] ?? "" };
const metricsRow = (): MetricsRow => ({ model: "m", field: "city", n_total: 3, n_valid: 2, runtime_s: 1, tokens_in: 1, tokens_out: 1, tokens_per_sec: 1 });

// A real BERT cannot be downloaded here: embeddings stand in as one vector per character (letter-frequency based),
// which exercises the column's plumbing; the matching maths is tested on fixed vectors in bertscore.test.ts.
const charProvider: EmbeddingProvider = {
  async embed(texts) {
    return texts.map((t): EmbeddedText => {
      const chars = ["[CLS]", ...t, "[SEP]"];
      return { tokens: chars, vectors: chars.map((c) => [1, (c.codePointAt(0) ?? 0) % 7, c.length]) };
    });
  },
};

test("without a BERTScore model the column stays empty and the note says how to get one", async () => {
  const row = metricsRow();
  const note = await fillBertScore([row], view, undefined);
  assert.equal(row.bertscore_f1, undefined);
  assert.match(note ?? "", /--bertscore-model/);
});

test("a missing model folder leaves the column empty with the folder and the export recipe in the note", async () => {
  const row = metricsRow();
  const note = await fillBertScore([row], view, "/nonexistent/gbert");
  assert.equal(row.bertscore_f1, undefined);
  assert.match(note ?? "", /\/nonexistent\/gbert/);
  assert.match(note ?? "", /optimum-cli export onnx/);
});

test("with a model, bertscore_f1 is the mean F1 over valid rows only", async () => {
  const row = metricsRow();
  assert.equal(await fillBertScore([row], view, "/any", async () => charProvider), undefined);
  const expected = bertScore(await charProvider.embed(["Berlin", "Koeln"]), await charProvider.embed(["Berlin", "Köln am Rhein"])).mean.f1;
  assert.equal(row.bertscore_f1, expected);
  assert.ok(expected > 0 && expected < 1);
});

test("row scores cover valid rows only, with sentence BLEU per row", () => {
  const scores = rowScores(view, "m", "city");
  assert.deepEqual([...scores.keys()], [0, 1]);
  assert.equal(scores.get(0)?.exact_match, 100);
  assert.equal(scores.get(1)?.exact_match, 0);
  assert.equal(scores.get(1)?.bleu, sentenceBleu("Koeln", ["Köln am Rhein"]).score);
  assert.equal(scores.get(0)?.rougeL, 1);
});
