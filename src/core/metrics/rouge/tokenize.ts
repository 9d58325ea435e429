import { porterStem } from "../porter/porterStemmer";

/**
 * "default": rouge_score's tokenizer (lowercase, every run of characters outside [a-z0-9] becomes a space), which
 * deletes letters such as ä, ß or é, so "Müller" becomes "m ller". "unicode": NFC-normalize, lowercase and keep
 * letters, combining marks and digits of every script, so "Müller" stays "müller".
 */
export type RougeTokenizer = "default" | "unicode";

const NON_ALPHANUM = /[^a-z0-9]+/g;
// Marks (\p{M}) are kept: Indic vowel signs and viramas are parts of words, not separators.
const NON_WORD_UNICODE = /[^\p{L}\p{M}\p{N}]+/gu;
/** Tokens the (English-only) Porter stemmer may see: rouge_score stems tokens longer than 3 characters. */
const STEMMABLE = /^[a-z0-9]{4,}$/;
const CACHE_LIMIT = 100_000;

/**
 * Returns a tokenizer equal to rouge_score's `tokenize.tokenize(text, stemmer)` for "default"
 * (rouge_score/tokenize.py). With the stemmer and the unicode tokenizer, only tokens of ASCII letters and digits
 * are stemmed, so English words stem exactly as with the default tokenizer and other scripts are not mangled by
 * English suffix rules. Stems are memoized per tokenizer: stemming dominates the cost and words repeat.
 */
export function makeTokenizer(useStemmer: boolean, tokenizer: RougeTokenizer = "default"): (text: string) => string[] {
  const cache = new Map<string, string>();
  const stem = (token: string): string => {
    let stemmed = cache.get(token);
    if (stemmed === undefined) {
      stemmed = porterStem(token);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(token, stemmed);
    }
    return stemmed;
  };
  return (text) => {
    const clean =
      tokenizer === "unicode"
        ? text.normalize("NFC").toLowerCase().replace(NON_WORD_UNICODE, " ")
        : text.toLowerCase().replace(NON_ALPHANUM, " ");
    const out: string[] = [];
    for (const token of clean.split(" ")) {
      if (token === "") continue;
      const result = useStemmer && STEMMABLE.test(token) ? stem(token) : token;
      // rouge_score drops empty tokens after stemming (VALID_TOKEN_RE); the stemmer never empties a 4+ token.
      if (result !== "") out.push(result);
    }
    return out;
  };
}

/** One-off tokenization; prefer `makeTokenizer` when scoring many texts. */
export function tokenize(text: string, useStemmer: boolean, tokenizer: RougeTokenizer = "default"): string[] {
  return makeTokenizer(useStemmer, tokenizer)(text);
}
