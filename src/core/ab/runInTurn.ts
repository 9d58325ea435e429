/** One variant's outcome: undefined from `runOne` means it did not start or failed (already reported). */
export interface VariantOutcome {
  runId?: string;
  cancelled: boolean;
}

/**
 * Runs the variants one after another and stops after one that was cancelled or did not run, keeping the outcomes
 * so far. Returns those and the run ids to compare: the completed, recorded ones, the first of them as A.
 */
export async function runInTurn<T extends VariantOutcome>(
  count: number,
  runOne: (index: number) => Promise<T | undefined>,
): Promise<{ runs: T[]; compare?: { a: string; b: string[] } }> {
  const runs: T[] = [];
  for (let i = 0; i < count; i++) {
    const outcome = await runOne(i);
    if (!outcome) break;
    runs.push(outcome);
    if (outcome.cancelled) break;
  }
  const ids = runs.filter((r) => !r.cancelled && r.runId !== undefined).map((r) => r.runId!);
  return { runs, ...(ids.length >= 2 && { compare: { a: ids[0]!, b: ids.slice(1) } }) };
}
