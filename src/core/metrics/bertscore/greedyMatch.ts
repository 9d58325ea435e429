import type { BertScoreTriple, EmbeddedText, TokenWeights } from "./types";

/**
 * bert_score's `greedy_cos_idf` for one candidate/reference pair (bert_score/utils.py): L2-normalise every token
 * vector, take the cosine similarity matrix, match each candidate token to its most similar reference token
 * (precision) and each reference token to its most similar candidate token (recall), and average those maxima
 * with the tokens' weights normalised to sum 1. F1 = 2PR / (P + R).
 *
 * Edge cases as bert_score: a text of exactly two tokens ([CLS] [SEP], i.e. empty) sets P and R to 0 after F
 * was computed; an F that is NaN (0/0) becomes 0. A zero weight sum leaves P or R NaN, as there.
 */
export function greedyMatch(candidate: EmbeddedText, reference: EmbeddedText, weights: TokenWeights): BertScoreTriple {
  check(candidate, "candidate");
  check(reference, "reference");
  const cand = candidate.vectors.map(unit);
  const ref = reference.vectors.map(unit);
  const bestForCand = new Array<number>(cand.length).fill(-Infinity);
  const bestForRef = new Array<number>(ref.length).fill(-Infinity);
  cand.forEach((c, i) => {
    ref.forEach((r, j) => {
      const sim = dot(c, r);
      if (sim > bestForCand[i]) bestForCand[i] = sim;
      if (sim > bestForRef[j]) bestForRef[j] = sim;
    });
  });
  let precision = weightedMean(bestForCand, candidate.tokens.map(weights));
  let recall = weightedMean(bestForRef, reference.tokens.map(weights));
  let f1 = (2 * precision * recall) / (precision + recall);
  if (candidate.tokens.length === 2 || reference.tokens.length === 2) {
    precision = 0;
    recall = 0;
  }
  if (Number.isNaN(f1)) f1 = 0;
  return { precision, recall, f1 };
}

function check(text: EmbeddedText, what: string): void {
  if (text.tokens.length !== text.vectors.length) {
    throw new Error(`BERTScore: ${what} has ${text.tokens.length} tokens but ${text.vectors.length} vectors`);
  }
  if (text.tokens.length === 0) throw new Error(`BERTScore: ${what} has no tokens (expected at least [CLS] and [SEP])`);
}

function unit(v: number[]): number[] {
  const norm = Math.sqrt(dot(v, v));
  return v.map((x) => x / norm);
}

function dot(a: number[], b: number[]): number {
  if (a.length !== b.length) throw new Error(`BERTScore: vectors of different sizes (${a.length} and ${b.length})`);
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

/** Σ value·weight / Σ weight — bert_score divides the weights by their sum first; NaN when the sum is 0. */
function weightedMean(values: number[], weights: number[]): number {
  const total = weights.reduce((s, w) => s + w, 0);
  return values.reduce((s, v, k) => s + v * (weights[k] / total), 0);
}
