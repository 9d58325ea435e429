import { codePoints, pyStrip, removeMultipleSpaces } from "./pythonText";

/**
 * jiwer 4's predefined transformations (`jiwer/transformations.py`). Each turns a list of sentences into a list
 * of token lists: words split on single spaces, or characters.
 */
export type TransformName = "wer_default" | "wer_contiguous" | "cer_default" | "cer_contiguous";

export const TRANSFORM_NAMES: readonly TransformName[] = ["wer_default", "wer_contiguous", "cer_default", "cer_contiguous"];

/** `ReduceToListOfListOfWords`: split on " " only (not on tabs or other whitespace), drop empty pieces. */
function words(sentence: string): string[] {
  return sentence.split(" ").filter((w) => w.length >= 1);
}

/** `ReduceToSingleSentence`: join the non-empty sentences with a space; no sentence left gives an empty list. */
function singleSentence(sentences: string[]): string[] {
  const kept = sentences.filter((s) => s.length >= 1);
  return kept.length === 0 ? [] : [kept.join(" ")];
}

/** `ReduceToListOfListOf…` on a list: an empty list becomes one empty sentence, as in jiwer. */
function reduce(sentences: string[], split: (s: string) => string[]): string[][] {
  return sentences.length === 0 ? [[]] : sentences.map(split);
}

/** Applies a named jiwer transformation to sentences (jiwer wraps a single string in a list first). */
export function applyTransform(sentences: readonly string[], name: TransformName): string[][] {
  switch (name) {
    case "wer_default":
      return reduce(sentences.map((s) => pyStrip(removeMultipleSpaces(s))), words);
    case "wer_contiguous":
      return reduce(singleSentence(sentences.map((s) => pyStrip(removeMultipleSpaces(s)))), words);
    case "cer_default":
      return reduce(sentences.map(pyStrip), codePoints);
    case "cer_contiguous":
      return reduce(singleSentence(sentences.map(pyStrip)), codePoints);
  }
}
