import { levenshteinEditops } from "./editops";
import { type AlignmentChunk, toChunks } from "./opcodes";
import { applyTransform, type TransformName } from "./transforms";

/** One sentence or several, as jiwer accepts them (a string counts as one sentence). */
export type TextInput = string | readonly string[];

export interface ProcessOptions {
  referenceTransform?: TransformName;
  hypothesisTransform?: TransformName;
}

/** The edit counts summed over all sentence pairs, as jiwer reports them. */
export interface EditCounts {
  hits: number;
  substitutions: number;
  deletions: number;
  insertions: number;
}

/** jiwer's `WordOutput`: the transformed sentences, their alignments, the counts and the corpus-level measures. */
export interface WordOutput extends EditCounts {
  readonly kind: "words";
  references: string[][];
  hypotheses: string[][];
  alignments: AlignmentChunk[][];
  wer: number;
  mer: number;
  wil: number;
  wip: number;
}

/** jiwer's `CharacterOutput`. */
export interface CharacterOutput extends EditCounts {
  readonly kind: "characters";
  references: string[][];
  hypotheses: string[][];
  alignments: AlignmentChunk[][];
  cer: number;
}

/** Raised where jiwer raises `ValueError` (the reference and hypothesis sentence counts differ). */
export class JiwerInputError extends Error {
  override name = "JiwerInputError";
}

/** `jiwer.process_words`: word-level alignment of each sentence pair; measures over the summed counts. */
export function processWords(reference: TextInput, hypothesis: TextInput, options: ProcessOptions = {}): WordOutput {
  const refs = applyTransform(asList(reference), options.referenceTransform ?? "wer_default");
  const hyps = applyTransform(asList(hypothesis), options.hypothesisTransform ?? "wer_default");
  if (refs.length !== hyps.length) {
    throw new JiwerInputError(
      "After applying the transforms on the reference and hypothesis sentences, their lengths must match. " +
        `Instead got ${refs.length} reference and ${hyps.length} hypothesis sentences.`,
    );
  }
  const [refIds, hypIds] = toIds(refs, hyps);
  const counts: EditCounts = { hits: 0, substitutions: 0, deletions: 0, insertions: 0 };
  let refWords = 0;
  let hypWords = 0;
  const alignments = refIds.map((ref, k) => {
    const hyp = hypIds[k];
    const chunks = toChunks(levenshteinEditops(ref, hyp), ref.length, hyp.length);
    for (const c of chunks) {
      if (c.type === "equal") counts.hits += c.refEndIdx - c.refStartIdx;
      else if (c.type === "substitute") counts.substitutions += c.refEndIdx - c.refStartIdx;
      else if (c.type === "delete") counts.deletions += c.refEndIdx - c.refStartIdx;
      else counts.insertions += c.hypEndIdx - c.hypStartIdx;
    }
    refWords += ref.length;
    hypWords += hyp.length;
    return chunks;
  });
  return { kind: "words", references: refs, hypotheses: hyps, alignments, ...counts, ...measures(counts, refWords, hypWords) };
}

/** `jiwer.process_characters`: the word-level computation over characters (code points); cer is its wer. */
export function processCharacters(reference: TextInput, hypothesis: TextInput, options: ProcessOptions = {}): CharacterOutput {
  const out = processWords(reference, hypothesis, {
    referenceTransform: options.referenceTransform ?? "cer_default",
    hypothesisTransform: options.hypothesisTransform ?? "cer_default",
  });
  const { references, hypotheses, alignments, hits, substitutions, deletions, insertions, wer } = out;
  return { kind: "characters", references, hypotheses, alignments, hits, substitutions, deletions, insertions, cer: wer };
}

/**
 * jiwer 4's measures (`process.py`), with the same floating-point operations so results are bit-identical.
 * An all-empty reference is no error in jiwer ≥ 4: wer is then the number of insertions.
 */
export function measures(c: EditCounts, refWords: number, hypWords: number): { wer: number; mer: number; wil: number; wip: number } {
  const { hits: h, substitutions: s, deletions: d, insertions: i } = c;
  let wer: number;
  let mer: number;
  let wip: number;
  if (refWords === 0) {
    wer = i;
    mer = hypWords === 0 ? 0 : 1;
    wip = hypWords === 0 ? 1 : 0;
  } else {
    wer = (s + d + i) / (h + s + d);
    mer = (s + d + i) / (h + s + d + i);
    wip = hypWords >= 1 ? (h / refWords) * (h / hypWords) : 0;
  }
  return { wer, mer, wil: 1 - wip, wip };
}

function asList(input: TextInput): readonly string[] {
  return typeof input === "string" ? [input] : input;
}

/** jiwer's `_word2int`: one integer per distinct token, so tokens compare by value. */
function toIds(refs: string[][], hyps: string[][]): [Int32Array[], Int32Array[]] {
  const ids = new Map<string, number>();
  const encode = (sentence: string[]) => {
    const out = new Int32Array(sentence.length);
    for (let k = 0; k < sentence.length; k++) {
      let id = ids.get(sentence[k]);
      if (id === undefined) ids.set(sentence[k], (id = ids.size));
      out[k] = id;
    }
    return out;
  };
  return [refs.map(encode), hyps.map(encode)];
}
