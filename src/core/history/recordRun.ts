import { collectRun, type RunFacts } from "./collectRun";
import type { HistoryStore } from "./historyStore";

/**
 * Records a run in the history after it ended. Never throws: the run's results are on disk already, so a history
 * that cannot be written is a warning (returned, for the caller to show), not a failed run.
 */
export async function recordRun(store: HistoryStore, facts: RunFacts): Promise<{ id: string } | { warning: string }> {
  try {
    const hashFile = store.fileHash?.bind(store);
    await store.record(await collectRun({ ...facts, hashFile: facts.hashFile ?? hashFile }));
    return { id: facts.id };
  } catch (error) {
    return { warning: `the run was not recorded in the history: ${(error as Error).message}` };
  }
}
