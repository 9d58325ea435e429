import { pySplit } from "./pythonText";

// mteval-v13a's language-dependent rules, as sacrebleu's TokenizerRegexp applies them in this order
// (sacrebleu/tokenizers/tokenizer_re.py). The first class is `[{-~[-` -&(-+:-@/]`: ASCII symbols and the space,
// but not the apostrophe, comma, hyphen or period, which the next rules treat by context.
const RULES: readonly (readonly [RegExp, string])[] = [
  [/([\x7b-\x7e\x5b-\x60\x20-\x26\x28-\x2b\x3a-\x40\x2f])/g, " $1 "],
  // period and comma unless preceded by a digit
  [/([^0-9])([.,])/g, "$1 $2 "],
  // period and comma unless followed by a digit
  [/([.,])([^0-9])/g, " $1 $2"],
  // dash when preceded by a digit
  [/([0-9])(-)/g, "$1 $2 "],
];

/**
 * sacrebleu's default `13a` tokenizer (sacrebleu/tokenizers/tokenizer_13a.py): drops `<skipped>`, joins lines,
 * unescapes four XML entities (`&quot;` first, so `&amp;quot;` becomes `&quot;`, not `"`), pads the line with
 * spaces (so a sentence-final period after a digit is split, unlike `intl`) and applies the rules above.
 */
export function tokenize13a(line: string): string {
  let text = line.replaceAll("<skipped>", "").replaceAll("-\n", "").replaceAll("\n", " ");
  if (text.includes("&")) {
    text = text.replaceAll("&quot;", '"').replaceAll("&amp;", "&").replaceAll("&lt;", "<").replaceAll("&gt;", ">");
  }
  text = ` ${text} `;
  for (const [pattern, replacement] of RULES) text = text.replace(pattern, replacement);
  return pySplit(text).join(" ");
}
