import { rescale } from "./baseline";
import { greedyMatch } from "./greedyMatch";
import type { Baseline, BertScoreTriple, EmbeddedText, TokenWeights } from "./types";
import { idfWeights, uniformWeights } from "./weights";

export interface BertScoreOptions {
  /** true: idf weights from the references, as bert_score's `idf=True`; or precomputed weights. */
  idf?: boolean | TokenWeights;
  /** Rescale P, R and F with this layer's baseline (bert_score's `rescale_with_baseline`). */
  baseline?: Baseline;
}

export interface BertScoreResult {
  /** One triple per candidate. */
  segments: BertScoreTriple[];
  /** The means over candidates (what the metrics CSV reports for F1). */
  mean: BertScoreTriple;
}

/**
 * BERTScore of embedded candidates against embedded references, as bert_score's `score()`: with several
 * references per candidate, P, R and F are each the maximum over that candidate's references (taken separately,
 * so they may come from different references; NaN wins, as in torch), then rescaled if a baseline is given.
 */
export function bertScore(candidates: readonly EmbeddedText[], references: readonly (EmbeddedText | readonly EmbeddedText[])[], options: BertScoreOptions = {}): BertScoreResult {
  if (candidates.length !== references.length) {
    throw new Error(`BERTScore: ${candidates.length} candidates but ${references.length} references`);
  }
  const groups = references.map((r) => (Array.isArray(r) ? (r as readonly EmbeddedText[]) : [r as EmbeddedText]));
  groups.forEach((g, k) => {
    if (g.length === 0) throw new Error(`BERTScore: candidate ${k + 1} has no reference`);
  });
  const weights =
    typeof options.idf === "function" ? options.idf : options.idf ? idfWeights(groups.flat().map((r) => r.tokens)) : uniformWeights();
  const segments = candidates.map((cand, k) => {
    const best = groups[k]
      .map((ref) => greedyMatch(cand, ref, weights))
      .reduce((a, b) => ({ precision: Math.max(a.precision, b.precision), recall: Math.max(a.recall, b.recall), f1: Math.max(a.f1, b.f1) }));
    return options.baseline ? rescale(best, options.baseline) : best;
  });
  const mean = (pick: (t: BertScoreTriple) => number) => segments.reduce((s, t) => s + pick(t), 0) / segments.length;
  return { segments, mean: { precision: mean((t) => t.precision), recall: mean((t) => t.recall), f1: mean((t) => t.f1) } };
}

