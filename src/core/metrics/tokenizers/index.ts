import { tokenize13a } from "./tokenizer13a";
import { tokenizeIntl } from "./tokenizerIntl";

/** The sacrebleu tokenizers Prompt Bench implements; the name is also what the signature's `tok:` shows. */
export type TokenizerName = "13a" | "intl" | "char" | "none";

export const TOKENIZER_NAMES: readonly TokenizerName[] = ["13a", "intl", "char", "none"];

/** sacrebleu's `char`: every code point becomes a token (whitespace disappears when the result is split). */
export function tokenizeChar(line: string): string {
  return Array.from(line).join(" ");
}

const TOKENIZERS: Record<TokenizerName, (line: string) => string> = {
  "13a": tokenize13a,
  intl: tokenizeIntl,
  char: tokenizeChar,
  none: (line) => line,
};

export function getTokenizer(name: TokenizerName): (line: string) => string {
  const tokenizer = Object.hasOwn(TOKENIZERS, name) ? TOKENIZERS[name] : undefined;
  if (!tokenizer) throw new RangeError(`unknown tokenizer "${String(name)}" (expected one of ${TOKENIZER_NAMES.join(", ")})`);
  return tokenizer;
}

export { tokenize13a, tokenizeIntl };
export { pyRemoveWhitespace, pyRstrip, pySplit } from "./pythonText";
