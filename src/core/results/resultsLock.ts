import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { ResultsLockedError } from "../errors/resultsLockedError";
import { UserError } from "../errors/userError";

/** What a lock file holds: who is writing the results file. */
export interface LockHolder {
  pid: number;
  host: string;
  /** When the run took the lock (ISO 8601). */
  startedAt: string;
  /** The command line, or "vscode" for a run started in the extension. */
  command: string;
  models: string[];
}

export interface LockOptions {
  log?: (level: "info" | "warn", message: string) => void;
  /**
   * When the lock file cannot be created (a read-only folder), go on unlocked with a warning instead of failing:
   * for re-scoring, which only writes the results file if a journal has to be folded in.
   */
  optional?: boolean;
}

export function lockFileFor(resultsFile: string): string {
  return `${resultsFile}.lock`;
}

/** Lock file (resolved) → the text this process wrote into it, for every lock it holds now. */
const held = new Map<string, string>();
let releaseAtExit = false;

/** How often a lock that keeps changing hands is looked at again before giving up. */
const TRIES = 5;

/**
 * `<results>.lock`: one run at a time per results file, across processes. A lock file appears with its content
 * complete (written to a temp file, then hard-linked into place, which fails when one exists), so a reader never
 * sees a half-written lock. A lock whose process is gone (same host, no such pid) is stale and taken over, so a
 * kill -9 never blocks the next run; a lock from another host is never judged (its pid means nothing here).
 */
export class ResultsLock {
  private constructor(
    /** Undefined when running unlocked (see LockOptions.optional). */
    readonly file: string | undefined,
    private readonly text: string,
  ) {}

  /** Takes the lock of `resultsFile`, or throws ResultsLockedError naming the run that holds it. */
  static acquire(resultsFile: string, owner: Pick<LockHolder, "command" | "models">, options: LockOptions = {}): ResultsLock {
    const file = lockFileFor(resultsFile);
    const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command: owner.command, models: [...owner.models] };
    const text = JSON.stringify(holder, null, 2) + "\n";
    try {
      let seen: SeenLock | undefined;
      for (let attempt = 0; attempt < TRIES; attempt++) {
        if (create(file, text)) {
          hold(file, text);
          return new ResultsLock(file, text);
        }
        seen = readLock(file);
        if (!seen) continue; // released in the meantime
        const stale = staleBecause(seen.holder, file);
        if (stale === undefined) break;
        if (takeAway(file, seen.text)) options.log?.("info", `Took over the lock ${file}: ${stale}.`);
      }
      throw new ResultsLockedError(resultsFile, file, seen?.holder);
    } catch (error) {
      if (error instanceof UserError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      if (options.optional) {
        options.log?.("warn", `Could not create the lock file ${file} (${reason}); going on without it.`);
        return new ResultsLock(undefined, text);
      }
      throw new UserError(
        `Cannot create the lock file ${file} beside the results (${reason}). Check that the folder ${dirname(file)} ` +
          `exists and is writable, or choose another output file (--output).`,
        file,
      );
    }
  }

  /** Removes the lock file if it is still ours. Safe to call more than once. */
  release(): void {
    if (this.file === undefined) return;
    held.delete(resolve(this.file));
    removeIfOurs(this.file, this.text);
  }
}

interface SeenLock {
  text: string;
  /** Undefined when the text is not a lock (edited by hand, or a file system that lost it). */
  holder: LockHolder | undefined;
}

function create(file: string, text: string): boolean {
  const temp = tempBeside(file);
  writeDurably(temp, text, "wx");
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if (codeOf(error) === "EEXIST") return false;
    if (!NO_HARD_LINKS.has(codeOf(error) ?? "")) throw error;
  } finally {
    rmSync(temp, { force: true });
  }
  // No hard links here (FAT, some network shares): an exclusive create, briefly empty before it is written.
  try {
    writeDurably(file, text, "wx");
    return true;
  } catch (error) {
    if (codeOf(error) === "EEXIST") return false;
    throw error;
  }
}

const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);

function writeDurably(file: string, text: string, flag: "wx"): void {
  const fd = openSync(file, flag);
  try {
    const data = Buffer.from(text, "utf8");
    for (let at = 0; at < data.length; ) at += writeSync(fd, data, at, data.length - at);
    // On disk before it is linked in: after a power cut the lock is whole (and stale), never empty.
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(file, { force: true });
    throw error;
  }
  closeSync(fd);
}

function readLock(file: string): SeenLock | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (codeOf(error) === "ENOENT") return undefined;
    throw error;
  }
  return { text, holder: parseHolder(text) };
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    const ok =
      Number.isInteger(h.pid) && h.pid! > 0 && typeof h.host === "string" && typeof h.startedAt === "string" &&
      typeof h.command === "string" && Array.isArray(h.models);
    return ok ? (h as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

/** Why a lock is stale, or undefined when it may still be in use (or cannot be judged from here). */
function staleBecause(holder: LockHolder | undefined, file: string): string | undefined {
  if (!holder || holder.host !== hostname()) return undefined;
  if (holder.pid === process.pid) {
    // This process's own lock means a second run in the same process; otherwise an earlier process had our id.
    return held.has(resolve(file)) ? undefined : `it was left by an earlier process with this process's id (${holder.pid})`;
  }
  return isAlive(holder.pid) ? undefined : `process ${holder.pid}, which took it at ${holder.startedAt}, is gone`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) !== "ESRCH"; // EPERM: it exists, under another user
  }
}

/**
 * Removes the stale lock whose text was `expected`. Renaming it away first makes this safe against a second run
 * taking over the same stale lock at the same moment: whoever moved a lock that is no longer the stale one puts
 * it back. Returns whether the stale lock was removed by us.
 */
function takeAway(file: string, expected: string): boolean {
  const grave = tempBeside(file);
  try {
    renameSync(file, grave);
  } catch (error) {
    if (codeOf(error) === "ENOENT") return false;
    throw error;
  }
  const moved = readFileSync(grave, "utf8");
  if (moved !== expected) {
    try {
      linkSync(grave, file);
    } catch {
      // A third run got in while the lock was away; it holds the file now.
    }
  }
  rmSync(grave, { force: true });
  return moved === expected;
}

function removeIfOurs(file: string, text: string): void {
  try {
    if (readFileSync(file, "utf8") === text) rmSync(file, { force: true });
  } catch {
    // gone already
  }
}

function hold(file: string, text: string): void {
  held.set(resolve(file), text);
  if (releaseAtExit) return;
  releaseAtExit = true;
  // A second Ctrl-C ends the CLI with process.exit(), past every finally block.
  process.on("exit", () => {
    for (const [lock, ours] of held) removeIfOurs(lock, ours);
  });
}

function tempBeside(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
