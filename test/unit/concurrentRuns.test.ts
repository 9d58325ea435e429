import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { LockHolder } from "../../src/core/results/resultsLock";
import { runCli, startCli, type CliResult } from "../helpers/cli";
import { column, makeRunDir, readTable } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

let modelPath: string;
before(async () => {
  modelPath = await ensureTestModel();
});

const ROWS = 40;

/** A run folder with 40 rows (long enough to be mid-run when looked at) and two model entries, alpha and beta. */
function setup(): ReturnType<typeof makeRunDir> & { modelsFile: string; lock: string } {
  const dir = makeRunDir();
  const rows = Array.from({ length: ROWS }, (_, i) => `"Row ${i}: Person ${i} lives in City ${i}.",Person ${i},City ${i}`);
  writeFileSync(dir.csv, ["source,name,city", ...rows].join("\n") + "\n");
  const modelsFile = join(dir.dir, "models.json");
  writeFileSync(modelsFile, JSON.stringify([{ name: "alpha", path: modelPath }, { name: "beta", path: modelPath }]));
  return { ...dir, modelsFile, lock: `${dir.output}.lock` };
}

function args(dir: ReturnType<typeof setup>, models: string): string[] {
  return ["run", "--prompt", dir.prompt, "--csv", dir.csv, "--output", dir.output, "--metrics", dir.metrics, "--models-file", dir.modelsFile,
    "--model", models, "--threads", "1", "--gpu", "off", "--no-download", "--max-new-tokens", "200"];
}

/** Collects a started CLI's output and resolves with it when the process ends. */
function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once("close", (status) => resolve({ status, stdout, stderr })));
}

function readLock(file: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as LockHolder;
  } catch {
    return undefined;
  }
}

async function waitFor<T>(what: string, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 90_000; // a hang guard only
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(5);
  }
}

/**
 * Starts two runs at once. Once one holds the lock it is paused (SIGSTOP), so it holds the lock for certain while
 * the other gets to it; then it goes on. Returns both results, winner first.
 */
async function startTogether(dir: ReturnType<typeof setup>, first: string, second: string): Promise<{ winner: CliResult; loser: CliResult; winnerPid: number }> {
  const children = [startCli(args(dir, first)), startCli(args(dir, second))];
  const done = children.map(finished);
  const holder = await waitFor("a lock file", () => readLock(dir.lock));
  const at = children.findIndex((c) => c.pid === holder.pid);
  assert.ok(at >= 0, `the lock names one of the two runs (${holder.pid})`);
  process.kill(holder.pid, "SIGSTOP");
  let loser: CliResult;
  try {
    assert.equal(readLock(dir.lock)?.pid, holder.pid, "still holding it while paused");
    loser = await done[1 - at]!;
  } finally {
    process.kill(holder.pid, "SIGCONT");
  }
  return { winner: await done[at]!, loser, winnerPid: holder.pid };
}

function validCount(file: string, model: string): number {
  return column(readTable(file), `raw_${model}__valid`).filter((v) => v !== "").length;
}

describe("concurrent runs on one results file", { timeout: 600_000 }, () => {
  test("different models at once: one runs, the other refuses naming it; then both models run into one file", async () => {
    const dir = setup();
    const { winner, loser, winnerPid } = await startTogether(dir, "alpha", "beta");
    assert.equal(winner.status, 0, winner.stderr);
    assert.equal(loser.status, 1, loser.stderr);
    assert.equal(loser.stderr.match(/^error: /gm)?.length, 1, loser.stderr);
    assert.ok(loser.stderr.includes(`is being written by another Prompt Bench run: process ${winnerPid} on host ${hostname()}`), loser.stderr);
    assert.ok(loser.stderr.includes(`Lock file: ${dir.lock}`), loser.stderr);
    assert.match(loser.stderr, /Wait for it to finish, or cancel it; if that process is gone the lock is taken over automatically/);
    assert.doesNotMatch(loser.stderr, /at .*\.js:\d+/, "no stack trace");
    assert.equal(existsSync(dir.lock), false, "released at the end");

    const both = runCli(args(dir, "alpha,beta"));
    assert.equal(both.status, 0, both.stderr);
    assert.equal(validCount(dir.output, "alpha"), ROWS);
    assert.equal(validCount(dir.output, "beta"), ROWS);
    const meta = JSON.parse(readFileSync(`${dir.output}.meta.json`, "utf8")) as { models: Record<string, unknown> };
    assert.deepEqual(Object.keys(meta.models).sort(), ["alpha", "beta"]);
    assert.deepEqual([...new Set(column(readTable(dir.metrics), "model"))], ["alpha", "beta"]);
  });

  test("identical runs at once: the second refuses; a rerun afterwards has nothing left to do", async () => {
    const dir = setup();
    const { winner, loser, winnerPid } = await startTogether(dir, "alpha", "alpha");
    assert.equal(winner.status, 0, winner.stderr);
    assert.equal(loser.status, 1, loser.stderr);
    assert.ok(loser.stderr.includes(`process ${winnerPid} on host`), loser.stderr);
    assert.doesNotMatch(loser.stderr, /rows to run/, "refused before running any row");
    const results = readFileSync(dir.output, "utf8");

    const rerun = runCli(args(dir, "alpha"));
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.match(rerun.stderr, new RegExp(`alpha: 0 of ${ROWS} rows to run`));
    assert.equal(readFileSync(dir.output, "utf8"), results);
  });

  test("a lock left by a process that is gone is taken over, with a note", () => {
    const dir = setup();
    const gone = spawnSync(process.execPath, ["-e", ""]).pid; // exited: Linux does not hand out its id again soon
    writeFileSync(dir.lock, JSON.stringify({ pid: gone, host: hostname(), startedAt: "2026-01-01T00:00:00.000Z", command: "prompt-bench run", models: ["alpha"] }));
    writeFileSync(dir.csv, "source,name,city\nAnna lives in Berlin.,Anna,Berlin\n");
    const r = runCli(args(dir, "alpha"));
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stderr.includes(`Took over the lock ${dir.lock}: process ${gone}, which took it at 2026-01-01T00:00:00.000Z, is gone.`), r.stderr);
    assert.equal(existsSync(dir.lock), false);
  });

  test("kill -9 mid-run leaves a stale lock that never blocks: the rerun takes it over and resumes", async () => {
    const dir = setup();
    const child = startCli(args(dir, "alpha"));
    const done = finished(child);
    const journal = `${dir.output}.journal`;
    await waitFor("3 finished rows", () => (existsSync(journal) && readFileSync(journal, "utf8").split("\n").filter(Boolean).length >= 3 ? true : undefined));
    assert.equal(readLock(dir.lock)?.pid, child.pid);
    child.kill("SIGKILL");
    await done;
    assert.equal(readLock(dir.lock)?.pid, child.pid, "a killed run cannot remove its lock");

    const rerun = runCli(args(dir, "alpha"));
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.ok(rerun.stderr.includes(`Took over the lock ${dir.lock}: process ${child.pid}`), rerun.stderr);
    const left = Number(new RegExp(`alpha: (\\d+) of ${ROWS} rows to run`).exec(rerun.stderr)?.[1]);
    assert.ok(left <= ROWS - 2, `resumed: ${left} rows left to run`);
    assert.equal(validCount(dir.output, "alpha"), ROWS);
    assert.equal(existsSync(dir.lock), false);
  });

  test("Ctrl-C: the cancelled run saves its rows and releases the lock", async () => {
    const dir = setup();
    const child = startCli(args(dir, "alpha"));
    const done = finished(child);
    const journal = `${dir.output}.journal`;
    await waitFor("a finished row", () => (existsSync(journal) && readFileSync(journal, "utf8").length > 0 ? true : undefined));
    child.kill("SIGINT");
    const r = await done;
    assert.equal(r.status, 130, r.stderr);
    assert.equal(existsSync(dir.lock), false);
    const again = runCli(args(dir, "alpha"));
    assert.equal(again.status, 0, again.stderr);
    assert.doesNotMatch(again.stderr, /Took over the lock/, "nothing stale was left");
  });
});
