import { pySplit } from "./pythonText";

// mteval-v14's international rules as in sacrebleu/tokenizers/tokenizer_intl.py, on Unicode general categories
// (N number, P punctuation, S symbol). The `u` flag makes each class match whole code points, like Python's
// `regex` module. Punctuation between two digits (1,000.5) stays attached.
const RULES: readonly (readonly [RegExp, string])[] = [
  // punctuation preceded by a non-digit
  [/(\P{N})(\p{P})/gu, "$1 $2 "],
  // punctuation followed by a non-digit
  [/(\p{P})(\P{N})/gu, " $1 $2"],
  // every symbol
  [/(\p{S})/gu, " $1 "],
];

/**
 * sacrebleu's `intl` tokenizer. Unlike `13a` it does not pad the line, so a number followed by a sentence-final
 * period ("in 2017.") keeps the period attached — a quirk of mteval-v14.pl that sacrebleu keeps on purpose.
 * No XML unescaping either (sacrebleu issue #138).
 */
export function tokenizeIntl(line: string): string {
  let text = line;
  for (const [pattern, replacement] of RULES) text = text.replace(pattern, replacement);
  return pySplit(text).join(" ");
}
