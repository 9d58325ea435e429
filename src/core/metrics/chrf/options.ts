import type { EmptyRefs } from "../bleu/options";
import { formatSignature, type RefCount } from "../bleu/signature";

/** chrF options, named as sacrebleu's `CHRF(...)` constructor arguments. Defaults give chrF2 (not chrF++). */
export interface ChrfOptions {
  char_order?: number;
  /** 0 = chrF, 2 = chrF++. */
  word_order?: number;
  beta?: number;
  lowercase?: boolean;
  /** Keep whitespace inside character n-grams. sacrebleu's default (false) removes it. */
  whitespace?: boolean;
  /**
   * true: chrF++.py/Moses/NLTK epsilon smoothing (average of per-order F-scores). false (sacrebleu's default):
   * average precision and recall over the orders both sides have, then one F-score ("eff:yes").
   */
  eps_smoothing?: boolean;
  /** As for BLEU; default "reference", as sacrebleu 2.6. */
  empty_refs?: EmptyRefs;
}

export type ResolvedChrfOptions = Required<ChrfOptions>;

export function resolveChrfOptions(options: ChrfOptions): ResolvedChrfOptions {
  const resolved: ResolvedChrfOptions = {
    char_order: options.char_order ?? 6,
    word_order: options.word_order ?? 0,
    beta: options.beta ?? 2,
    lowercase: options.lowercase ?? false,
    whitespace: options.whitespace ?? false,
    eps_smoothing: options.eps_smoothing ?? false,
    empty_refs: options.empty_refs ?? "reference",
  };
  for (const key of ["char_order", "word_order"] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 0) throw new RangeError(`${key} must be an integer ≥ 0`);
  }
  if (resolved.char_order + resolved.word_order === 0) throw new RangeError("char_order + word_order must be > 0");
  if (!(resolved.beta >= 0)) throw new RangeError(`beta must be ≥ 0, got ${resolved.beta}`);
  return resolved;
}

/** `chrF2`, `chrF2++` (sacrebleu's CHRFScore name: one `+` per word n-gram order). */
export function chrfName(options: ResolvedChrfOptions): string {
  return `chrF${options.beta}${"+".repeat(options.word_order)}`;
}

/** sacrebleu's CHRFSignature, e.g. `nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:…`. */
export function chrfSignature(options: ResolvedChrfOptions, nrefs: RefCount): string {
  return formatSignature([
    ["nrefs", nrefs],
    ["case", options.lowercase ? "lc" : "mixed"],
    ["eff", options.eps_smoothing ? "no" : "yes"],
    ["nc", options.char_order],
    ["nw", options.word_order],
    ["space", options.whitespace ? "yes" : "no"],
  ]);
}
