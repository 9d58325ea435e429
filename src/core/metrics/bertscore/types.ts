/**
 * One text as the model saw it: every token of the encoded sequence, special tokens included ([CLS] first,
 * [SEP] last for BERT), with one contextual vector per token. bert_score keeps [CLS]/[SEP] in the similarity
 * matrix (they can be a token's best match) and only gives them weight 0, so providers must return them.
 */
export interface EmbeddedText {
  tokens: string[];
  vectors: number[][];
}

/** Turns texts into token embeddings; one result per text, in order. */
export interface EmbeddingProvider {
  embed(texts: string[]): Promise<EmbeddedText[]>;
}

/** Precision, recall and F1 of one candidate (bert_score's P, R, F). */
export interface BertScoreTriple {
  precision: number;
  recall: number;
  f1: number;
}

/** A weight per token: idf weights, or 1 for every token but [CLS]/[SEP]. */
export type TokenWeights = (token: string) => number;

/** bert_score's baseline for one layer (a row of its `rescale_baseline/<lang>/<model>.tsv`). */
export interface Baseline {
  precision: number;
  recall: number;
  f1: number;
}
