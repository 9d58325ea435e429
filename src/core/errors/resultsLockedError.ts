import { hostname } from "node:os";
import type { LockHolder } from "../results/resultsLock";
import { UserError } from "./userError";

/** Another run holds the lock of this results file; the message names it and says what to do. */
export class ResultsLockedError extends UserError {
  constructor(
    readonly resultsFile: string,
    readonly lockFile: string,
    /** What the lock file says; undefined when it cannot be read as a lock. */
    readonly holder: LockHolder | undefined,
  ) {
    super(lockedMessage(resultsFile, lockFile, holder), resultsFile);
  }
}

function lockedMessage(resultsFile: string, lockFile: string, holder: LockHolder | undefined): string {
  if (!holder) {
    return (
      `${resultsFile} is locked by ${lockFile}, which cannot be read as a Prompt Bench lock. ` +
      `If no other run is writing ${resultsFile}, delete ${lockFile} and run again.`
    );
  }
  const models = holder.models.length > 0 ? ` (models ${holder.models.join(", ")})` : "";
  const who = `process ${holder.pid} on host ${holder.host}, started ${holder.startedAt}, command "${holder.command}"${models}`;
  const head = `${resultsFile} is being written by another Prompt Bench run: ${who}. Lock file: ${lockFile}.`;
  if (holder.host !== hostname()) {
    return (
      `${head} That run is on another machine, so Prompt Bench cannot tell whether it is still going: wait for it, ` +
      `or cancel it. If it is gone, delete ${lockFile} and run again.`
    );
  }
  return (
    `${head} Wait for it to finish, or cancel it; if that process is gone the lock is taken over automatically ` +
    `(if process ${holder.pid} is not a Prompt Bench run, delete ${lockFile}).`
  );
}
