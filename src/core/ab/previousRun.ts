import { resolve } from "node:path";
import type { RunListing } from "../history/runSummaryLine";

/** Same file on disk; Windows and macOS paths compare case-insensitively. */
function samePath(a: string, b: string, caseInsensitive: boolean): boolean {
  const x = resolve(a);
  const y = resolve(b);
  return caseInsensitive ? x.toLowerCase() === y.toLowerCase() : x === y;
}

/**
 * The newest recorded run of this prompt file (listings are newest first), leaving out failed runs: "Compare with
 * last run" repeats that run's dataset and models. Undefined when the history has none.
 */
export function previousRunOf(
  listings: readonly RunListing[],
  promptFile: string,
  caseInsensitive = process.platform === "win32" || process.platform === "darwin",
): RunListing | undefined {
  return listings.find((run) => run.status !== "failed" && run.promptFile !== undefined && samePath(run.promptFile, promptFile, caseInsensitive));
}
