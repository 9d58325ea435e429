import { type EditCounts, processCharacters, processWords, type ProcessOptions, type TextInput } from "./process";

export interface WordMeasures extends EditCounts {
  wer: number;
  mer: number;
  wil: number;
  wip: number;
}

export interface CharMeasures extends EditCounts {
  cer: number;
}

/**
 * Corpus-level WER, MER, WIL and WIP as `jiwer.process_words` computes them: counts summed over all sentence
 * pairs, then divided (not an average of per-sentence rates). Scale 0–1; wer can exceed 1.
 */
export function wordMeasures(references: TextInput, hypotheses: TextInput, options?: ProcessOptions): WordMeasures {
  const { wer, mer, wil, wip, hits, substitutions, deletions, insertions } = processWords(references, hypotheses, options);
  return { wer, mer, wil, wip, hits, substitutions, deletions, insertions };
}

/** Corpus-level CER as `jiwer.process_characters` computes it (spaces count as characters). */
export function charMeasures(references: TextInput, hypotheses: TextInput, options?: ProcessOptions): CharMeasures {
  const { cer, hits, substitutions, deletions, insertions } = processCharacters(references, hypotheses, options);
  return { cer, hits, substitutions, deletions, insertions };
}
