import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { ResultsLockedError } from "../../src/core/errors/resultsLockedError";
import { UserError } from "../../src/core/errors/userError";
import { lockFileFor, ResultsLock, type LockHolder } from "../../src/core/results/resultsLock";

function results(): string {
  return join(mkdtempSync(join(tmpdir(), "pb-lock-")), "out.results.csv");
}

function writeLock(file: string, holder: Partial<LockHolder>): void {
  const full: LockHolder = { pid: 1, host: hostname(), startedAt: "2026-01-01T00:00:00.000Z", command: "prompt-bench run (earlier)", models: ["m"], ...holder };
  writeFileSync(lockFileFor(file), JSON.stringify(full));
}

/** The id of a process that has exited (Linux hands out ids in order, so it is not reused within a test). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  assert.ok(child.pid && child.status === 0);
  return child.pid;
}

const owner = { command: "prompt-bench run --model a", models: ["a", "b"] };

test("the lock file says who holds it; a second run in the same process is refused; release removes it", () => {
  const file = results();
  const lock = ResultsLock.acquire(file, owner);
  const holder = JSON.parse(readFileSync(`${file}.lock`, "utf8")) as LockHolder;
  assert.equal(holder.pid, process.pid);
  assert.equal(holder.host, hostname());
  assert.equal(holder.command, owner.command);
  assert.deepEqual(holder.models, ["a", "b"]);
  assert.equal(new Date(holder.startedAt).toISOString(), holder.startedAt, "an ISO time");

  assert.throws(
    () => ResultsLock.acquire(file, owner),
    (e: unknown) =>
      e instanceof ResultsLockedError &&
      e instanceof UserError &&
      e.lockFile === `${file}.lock` &&
      e.message.includes(`process ${process.pid} on host ${hostname()}`) &&
      e.message.includes(`Lock file: ${file}.lock`) &&
      /Wait for it to finish, or cancel it; if that process is gone the lock is taken over automatically/.test(e.message),
  );
  lock.release();
  assert.equal(existsSync(`${file}.lock`), false);
  lock.release(); // twice is harmless
  ResultsLock.acquire(file, owner).release();
});

test("a lock held by a live process on this host is respected", () => {
  const file = results();
  writeLock(file, { pid: process.ppid }); // the test runner: alive for as long as this test runs
  assert.throws(() => ResultsLock.acquire(file, owner), (e: unknown) => e instanceof ResultsLockedError && e.holder?.pid === process.ppid && e.message.includes(`process ${process.ppid}`));
  assert.ok(existsSync(`${file}.lock`), "left alone");
});

test("a lock whose process is gone is taken over, with an info log", () => {
  const file = results();
  const pid = deadPid();
  writeLock(file, { pid });
  const logs: string[] = [];
  const lock = ResultsLock.acquire(file, owner, { log: (level, message) => logs.push(`${level}: ${message}`) });
  assert.equal((JSON.parse(readFileSync(`${file}.lock`, "utf8")) as LockHolder).pid, process.pid);
  assert.equal(logs.length, 1);
  assert.match(logs[0]!, new RegExp(`^info: Took over the lock .*out\\.results\\.csv\\.lock: process ${pid}, which took it at 2026-01-01T00:00:00\\.000Z, is gone`));
  lock.release();
});

test("a lock left with this process's id by an earlier process (ids reused, e.g. in a container) is stale", () => {
  const file = results();
  writeLock(file, { pid: process.pid });
  const logs: string[] = [];
  ResultsLock.acquire(file, owner, { log: (_, message) => logs.push(message) }).release();
  assert.match(logs.join("\n"), /left by an earlier process with this process's id/);
});

test("a lock from another host is not judged: refused, with what to do", () => {
  const file = results();
  writeLock(file, { pid: deadPid(), host: "elsewhere.example" });
  assert.throws(
    () => ResultsLock.acquire(file, owner),
    (e: unknown) => e instanceof ResultsLockedError && /on host elsewhere\.example/.test(e.message) && /another machine/.test(e.message) && e.message.includes(`delete ${file}.lock`),
  );
  assert.ok(existsSync(`${file}.lock`));
});

test("a lock file that is not a lock is refused with what to do", () => {
  const file = results();
  writeFileSync(`${file}.lock`, "not json");
  assert.throws(() => ResultsLock.acquire(file, owner), (e: unknown) => e instanceof ResultsLockedError && e.holder === undefined && e.message.includes(`delete ${file}.lock`));
});

test("release leaves a lock that is no longer this run's", () => {
  const file = results();
  const lock = ResultsLock.acquire(file, owner);
  writeLock(file, { pid: process.ppid }); // replaced (by hand, or by a run on another host)
  lock.release();
  assert.equal((JSON.parse(readFileSync(`${file}.lock`, "utf8")) as LockHolder).pid, process.ppid);
});

test("a process that exits without releasing (process.exit, a second Ctrl-C) leaves no lock", () => {
  const file = results();
  const module = resolve(__dirname, "../../src/core/results/resultsLock.js");
  const script = `const { ResultsLock } = require(${JSON.stringify(module)}); ResultsLock.acquire(${JSON.stringify(file)}, { command: "x", models: [] }); ` +
    `if (!require("node:fs").existsSync(${JSON.stringify(`${file}.lock`)})) process.exit(9); process.exit(3);`;
  const child = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  assert.equal(child.status, 3, child.stderr);
  assert.equal(existsSync(`${file}.lock`), false);
});

test("a lock that cannot be created is a clear error; re-scoring goes on without it", () => {
  const file = join(mkdtempSync(join(tmpdir(), "pb-lock-")), "missing-folder", "out.results.csv");
  assert.throws(
    () => ResultsLock.acquire(file, owner),
    (e: unknown) => e instanceof UserError && !(e instanceof ResultsLockedError) && e.message.includes(`Cannot create the lock file ${file}.lock`) && /--output/.test(e.message),
  );
  const logs: string[] = [];
  const unlocked = ResultsLock.acquire(file, owner, { optional: true, log: (level, message) => logs.push(`${level}: ${message}`) });
  assert.equal(unlocked.file, undefined);
  assert.match(logs.join("\n"), /^warn: Could not create the lock file .* going on without it/);
  unlocked.release();
});
