/**
 * The `version:` field of BLEU and chrF signatures. sacrebleu writes its own version there; ours names Prompt Bench
 * so a figure is never mistaken for one sacrebleu printed. Change it here when the metrics change behaviour.
 */
export const SIGNATURE_VERSION = "prompt-bench-0.1.0";

/** Number of references in a signature: a count, or "var" when segments have different numbers. */
export type RefCount = number | "var";

/** sacrebleu's `Signature.format()`: `key:value` pairs joined by `|`, with `version` always last. */
export function formatSignature(pairs: readonly (readonly [string, string | number])[]): string {
  return [...pairs, ["version", SIGNATURE_VERSION] as const].map(([key, value]) => `${key}:${value}`).join("|");
}
