import type { SmoothMethod } from "./bleu";
import type { RougeTokenizer } from "./rouge";
import type { TokenizerName } from "./tokenizers";

/** Options shared by the text metrics; defaults are the reference tools' defaults. */
export interface ScoreOptions {
  /** sacrebleu BLEU tokenizer. */
  tokenize: TokenizerName;
  /** Lowercase before BLEU and chrF (sacrebleu's `lowercase`). */
  lowercase: boolean;
  smoothMethod: SmoothMethod;
  smoothValue?: number;
  /** rouge_score's `use_stemmer`. */
  useStemmer: boolean;
  /** "default" = rouge_score's ASCII tokenizer (deletes umlauts); "unicode" keeps letters of every script. */
  rougeTokenizer: RougeTokenizer;
  chrfEpsSmoothing: boolean;
  chrfWhitespace: boolean;
  chrfBeta: number;
}

export const DEFAULT_SCORE_OPTIONS: Readonly<ScoreOptions> = {
  tokenize: "13a",
  lowercase: false,
  smoothMethod: "exp",
  useStemmer: false,
  rougeTokenizer: "default",
  chrfEpsSmoothing: false,
  chrfWhitespace: false,
  chrfBeta: 2,
};
