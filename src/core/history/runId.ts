import { randomBytes } from "node:crypto";

/**
 * A run id that sorts by start time: `20261206T191500123Z-1a2b3c` (UTC to the millisecond, then 24 random bits
 * so that two runs started in the same millisecond differ).
 */
export function newRunId(startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/[-:.]/g, "");
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}
