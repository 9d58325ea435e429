import type { TokenWeights } from "./types";

/** BERT's sentence-boundary tokens, which bert_score never counts in its averages. */
export const BERT_SPECIAL_TOKENS: readonly string[] = ["[CLS]", "[SEP]"];

/** bert_score without idf: weight 1 for every token, 0 for [CLS] and [SEP] (score.py, `idf=False`). */
export function uniformWeights(specialTokens: readonly string[] = BERT_SPECIAL_TOKENS): TokenWeights {
  const special = new Set(specialTokens);
  return (token) => (special.has(token) ? 0 : 1);
}

/**
 * bert_score's `get_idf_dict` (utils.py): over the M references (each a document, the encoded token sequence
 * with [CLS]/[SEP]), idf(w) = ln((M + 1) / (df(w) + 1)) with df(w) the number of references containing w, and
 * ln(M + 1) for a token no reference contains. [CLS] and [SEP] occur in every reference, so their idf is 0.
 * With several references per candidate, M counts all of them (bert_score flattens the groups first).
 */
export function idfWeights(references: readonly (readonly string[])[]): TokenWeights {
  const docs = references.length;
  const df = new Map<string, number>();
  for (const tokens of references) {
    for (const token of new Set(tokens)) df.set(token, (df.get(token) ?? 0) + 1);
  }
  const unseen = Math.log((docs + 1) / 1);
  const idf = new Map<string, number>();
  for (const [token, count] of df) idf.set(token, Math.log((docs + 1) / (count + 1)));
  return (token) => idf.get(token) ?? unseen;
}
