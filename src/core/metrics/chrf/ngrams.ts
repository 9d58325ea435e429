import { pyRemoveWhitespace, pySplit } from "../tokenizers";

/** Counts of each n-gram, one map per order (index 0 = order 1). */
export type NgramCounts = Map<string, number>[];

/**
 * Character n-grams of orders 1..maxOrder over Unicode code points (Python's `str` indexing), not UTF-16 units:
 * an emoji or an astral CJK character is one character. Whitespace is removed first unless kept.
 */
export function charNgrams(text: string, maxOrder: number, keepWhitespace: boolean): NgramCounts {
  const line = keepWhitespace ? text : pyRemoveWhitespace(text);
  // offsets[i] = UTF-16 index where code point i starts, so n-grams are plain substrings.
  const offsets: number[] = [];
  for (let i = 0; i < line.length; i++) {
    offsets.push(i);
    const unit = line.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < line.length) {
      const next = line.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  offsets.push(line.length);
  const length = offsets.length - 1;
  const counts: NgramCounts = [];
  for (let n = 1; n <= maxOrder; n++) {
    const map = new Map<string, number>();
    for (let i = 0; i + n <= length; i++) {
      const key = line.slice(offsets[i], offsets[i + n]);
      map.set(key, (map.get(key) ?? 0) + 1);
    }
    counts.push(map);
  }
  return counts;
}

// Python's string.punctuation, the set sacrebleu's chrF++ word splitter checks.
const PUNCTUATION = new Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");

/**
 * sacrebleu's `CHRF._remove_punctuation` (sacrebleu/metrics/chrf.py, adapted from chrF++.py): split on whitespace,
 * then split ONE ASCII punctuation character off the end of a word, or else off its start. So "(hi)" gives
 * "(hi" and ")" (sacrebleu issue #124) and "end.)" gives "end." and ")". Single-character words stay whole.
 */
export function chrfWords(text: string): string[] {
  const words: string[] = [];
  for (const w of pySplit(text)) {
    // Python's len(w) == 1 counts code points; an astral character is two UTF-16 units but one character.
    if (w.length === 1 || (w.length === 2 && w.codePointAt(0)! > 0xffff)) {
      words.push(w);
    } else if (PUNCTUATION.has(w[w.length - 1]!)) {
      // ASCII is never half of a surrogate pair, so slicing off one UTF-16 unit removes exactly that character.
      words.push(w.slice(0, -1), w[w.length - 1]!);
    } else if (PUNCTUATION.has(w[0]!)) {
      words.push(w[0]!, w.slice(1));
    } else {
      words.push(w);
    }
  }
  return words;
}

/** Word n-grams of orders 1..maxOrder; words never contain whitespace, so a space-joined key is unique. */
export function wordNgrams(words: readonly string[], maxOrder: number): NgramCounts {
  const counts: NgramCounts = [];
  for (let n = 1; n <= maxOrder; n++) {
    const map = new Map<string, number>();
    for (let i = 0; i + n <= words.length; i++) {
      const key = words.slice(i, i + n).join(" ");
      map.set(key, (map.get(key) ?? 0) + 1);
    }
    counts.push(map);
  }
  return counts;
}

/** All n-gram maps chrF compares for one text: character orders first, then word orders (chrF++). */
export function chrfNgrams(text: string, charOrder: number, wordOrder: number, keepWhitespace: boolean): NgramCounts {
  const counts = charNgrams(text, charOrder, keepWhitespace);
  if (wordOrder > 0) counts.push(...wordNgrams(chrfWords(text), wordOrder));
  return counts;
}
