import type { EnsembleStrategy } from "./ensembleStrategy";

/** One member's answer to a row's field, in member order (the run's model order, or round order). */
export interface MemberAnswer {
  value: string;
  /** 0–1; undefined when the member's engine gave none. */
  confidence?: number;
}

/**
 * The ensemble's answer from its members' answers. Blank (whitespace-only) answers never win unless all are blank.
 * - majority: the most frequent non-blank answer (exact after trimming); a tie goes to the answer whose first
 *   occurrence comes first in member order.
 * - first_non_blank: the first non-blank answer in member order.
 * - confidence: the non-blank answer with the highest confidence; ties go to member order; members without a
 *   confidence are passed over (the caller refuses the strategy when no member has any).
 */
export function combineAnswers(strategy: EnsembleStrategy, answers: readonly MemberAnswer[]): string {
  const present = answers.map((a) => ({ ...a, value: a.value.trim() })).filter((a) => a.value !== "");
  if (present.length === 0) return "";
  if (strategy === "first_non_blank") return present[0]!.value;
  if (strategy === "confidence") {
    let best: MemberAnswer | undefined;
    for (const answer of present) {
      if (answer.confidence === undefined) continue;
      if (best === undefined || answer.confidence > best.confidence!) best = answer;
    }
    return best?.value ?? "";
  }
  const counts = new Map<string, number>();
  for (const { value } of present) counts.set(value, (counts.get(value) ?? 0) + 1);
  let winner = present[0]!.value;
  // Map iteration follows first insertion, i.e. member order of first occurrence: a strict > keeps the earlier one.
  for (const [value, count] of counts) if (count > counts.get(winner)!) winner = value;
  return winner;
}
