import type { Comparison } from "../core/compare/comparison";

/** Compares run `a` of a history file with each of `bs` (the compare core; wired when it is merged). */
export async function compareHistoryRuns(historyFile: string, a: string, bs: readonly string[]): Promise<Comparison[]> {
  throw new Error(`comparing ${a} with ${bs.join(", ")} in ${historyFile} needs the compare core`);
}
