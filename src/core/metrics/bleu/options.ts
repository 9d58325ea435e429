import type { TokenizerName } from "../tokenizers";

export type SmoothMethod = "none" | "floor" | "add-k" | "exp";

/** sacrebleu's BLEU.SMOOTH_DEFAULTS: the value `floor` and `add-k` use when `smooth_value` is not given. */
export const SMOOTH_DEFAULTS: Readonly<Record<SmoothMethod, number | null>> = {
  none: null,
  floor: 0.1,
  "add-k": 1,
  exp: null,
};

/**
 * How an empty string in a reference stream counts. sacrebleu ≥ 2.1 (PR #175, fixing issue #161; 2.6.0 checked)
 * keeps it as a real reference of length 0 and treats only `None` as missing; its README and 2.0.x treat "" as a
 * missing reference (variable number of references). `null`/`undefined` are always missing.
 */
export type EmptyRefs = "reference" | "missing";

/** BLEU options, named as sacrebleu's `BLEU(...)` constructor arguments so its parameters carry over unchanged. */
export interface BleuOptions {
  tokenize?: TokenizerName;
  lowercase?: boolean;
  smooth_method?: SmoothMethod;
  /** For `floor` and `add-k`; null/undefined = sacrebleu's default (0.1, 1). */
  smooth_value?: number | null;
  max_ngram_order?: number;
  /** Average only over the n-gram orders the hypothesis has (sacrebleu's sentence-level fix). */
  effective_order?: boolean;
  /** Accepted for parity with sacrebleu, where it only silences a "looks tokenized" warning; no effect here. */
  force?: boolean;
  /** Default "reference", as sacrebleu 2.6. */
  empty_refs?: EmptyRefs;
}

export interface ResolvedBleuOptions {
  tokenize: TokenizerName;
  lowercase: boolean;
  smooth_method: SmoothMethod;
  smooth_value: number | null;
  max_ngram_order: number;
  effective_order: boolean;
  empty_refs: EmptyRefs;
}

export function resolveBleuOptions(options: BleuOptions, effectiveOrderDefault: boolean): ResolvedBleuOptions {
  const smooth_method = options.smooth_method ?? "exp";
  if (!Object.hasOwn(SMOOTH_DEFAULTS, smooth_method)) throw new RangeError(`unknown smooth_method "${smooth_method}"`);
  const max_ngram_order = options.max_ngram_order ?? 4;
  if (!Number.isInteger(max_ngram_order) || max_ngram_order < 1) {
    throw new RangeError(`max_ngram_order must be a positive integer, got ${max_ngram_order}`);
  }
  return {
    tokenize: options.tokenize ?? "13a",
    lowercase: options.lowercase ?? false,
    smooth_method,
    smooth_value: options.smooth_value ?? null,
    max_ngram_order,
    effective_order: options.effective_order ?? effectiveOrderDefault,
    empty_refs: options.empty_refs ?? "reference",
  };
}
