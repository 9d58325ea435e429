/** A gate failed (`run --min`, `compare --fail-on`): the run or comparison itself succeeded and is saved. */
export const GATE_FAILED_EXIT = 3;
