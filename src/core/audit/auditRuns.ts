import type { RunRecord } from "../history/runRecord";
import { auditRun } from "./auditRun";
import { duplicateRuns } from "./duplicates";
import type { AuditThresholds, Finding } from "./finding";

/** The audit of a history: each run's findings, newest run first, then duplicates of configurations. */
export function auditRuns(runs: readonly RunRecord[], thresholds: AuditThresholds): Finding[] {
  const sorted = [...runs].sort((a, b) => (a.id < b.id ? 1 : -1));
  return [...sorted.flatMap((run) => auditRun(run, thresholds)), ...duplicateRuns(sorted)];
}
