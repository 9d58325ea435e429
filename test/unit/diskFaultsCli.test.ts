import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, test, type TestContext } from "node:test";
import type { RunRecord } from "../../src/core/history/runRecord";
import { runCli, type CliResult } from "../helpers/cli";
import { column, FIXTURES, readTable } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

// Real disk faults need a file system of their own: a small tmpfs (root, as in CI), made full or read-only.

let modelPath: string;
before(async () => {
  modelPath = await ensureTestModel();
});

const ROWS = 40;

/** Input outside the mount (so only the outputs meet the fault): 40 short rows. */
function inputDir(): { prompt: string; csv: string } {
  const dir = mkdtempSync(join(tmpdir(), "pb-fault-in-"));
  const prompt = join(dir, "extract.prompt.txt");
  writeFileSync(prompt, readFileSync(join(FIXTURES, "run/extract.prompt.txt")));
  const rows = Array.from({ length: ROWS }, (_, i) => `"Row ${i}: Person ${i} lives in City ${i}.",Person ${i},City ${i}`);
  const csv = join(dir, "data.csv");
  writeFileSync(csv, ["source,name,city", ...rows].join("\n") + "\n");
  return { prompt, csv };
}

/** Mounts a tmpfs of `kib` KiB at a fresh folder, or skips the test saying why (not root, no mount). */
function mountTmpfs(t: TestContext, kib: number): string | undefined {
  if (process.platform !== "linux") {
    t.skip("needs Linux tmpfs mounts");
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), "pb-mnt-"));
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${kib}k`, "tmpfs", dir], { encoding: "utf8" });
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    t.skip(`cannot mount a tmpfs here (needs root): ${(r.stderr || r.error?.message || "").trim()}`);
    return undefined;
  }
  // The free space below is counted in 4 KiB pages, sized for this input.
  const { bsize } = statfsSync(dir);
  if (bsize !== 4096) {
    unmount(dir);
    t.skip(`the tmpfs has ${bsize}-byte pages; these cases are sized for 4096`);
    return undefined;
  }
  return dir;
}

function unmount(dir: string): void {
  spawnSync("umount", [dir]);
  rmSync(dir, { recursive: true, force: true });
}

/** Fills the mount so that exactly `pages` free 4 KiB pages are left. */
function fillLeaving(dir: string, pages: number): string {
  const stat = statfsSync(dir);
  const filler = join(dir, "filler");
  writeFileSync(filler, Buffer.alloc((stat.bavail - pages) * 4096, 120));
  assert.equal(statfsSync(dir).bavail, pages);
  return filler;
}

function run(input: { prompt: string; csv: string }, output: string, ...extra: string[]): CliResult {
  return runCli(["run", "--prompt", input.prompt, "--csv", input.csv, "--output", output, "--metrics", `${output}.metrics.csv`,
    "--model", modelPath, "--threads", "1", "--gpu", "off", "--no-download", "--max-new-tokens", "24", ...extra]);
}

/** Rows finished on disk: in the results CSV or its journal (what a rerun resumes from). */
function finishedRows(output: string): Set<number> {
  const done = new Set<number>();
  if (existsSync(output)) column(readTable(output), "raw_prompt-bench-test__valid").forEach((v, row) => v !== "" && done.add(row));
  const journal = `${output}.journal`;
  if (existsSync(journal)) {
    for (const line of readFileSync(journal, "utf8").split("\n")) if (line.trim()) done.add((JSON.parse(line) as { row: number }).row);
  }
  return done;
}

function assertCleanStop(r: CliResult, file: RegExp): void {
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, file);
  assert.equal(r.stderr.match(/^error: /gm)?.length, 1, `one message, got:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at .*:\d+/, "no stack trace");
  assert.doesNotMatch(r.stderr, /failed unexpectedly/);
}

/** After the space is freed, the rerun runs exactly the rows not kept, and every row ends up done. */
function assertResumes(input: { prompt: string; csv: string }, output: string, kept: Set<number>): void {
  const rerun = run(input, output);
  assert.equal(rerun.status, 0, rerun.stderr);
  assert.match(rerun.stderr, new RegExp(`prompt-bench-test: ${ROWS - kept.size} of ${ROWS} rows to run`), "no finished row runs twice");
  const valid = column(readTable(output), "raw_prompt-bench-test__valid");
  assert.equal(valid.length, ROWS);
  assert.deepEqual(valid.filter((v) => v === "").length, 0, "every row is done");
  assert.equal(existsSync(`${output}.journal`), false, "the journal was folded into the CSV");
}

test("ENOSPC mid-run: a clean stop naming the file, every finished row kept; after freeing space the rerun finishes the rest", { timeout: 300_000 }, (t) => {
  const mount = mountTmpfs(t, 256);
  if (!mount) return;
  try {
    const input = inputDir();
    const output = join(mount, "out.results.csv");
    // Room for the lock, the meta file and a page or two of journal: the journal fills the disk after some rows.
    const filler = fillLeaving(mount, 4);
    const history = join(mkdtempSync(join(tmpdir(), "pb-fault-history-")), "history.sqlite");
    const full = run(input, output, "--history", history);
    assertCleanStop(full, new RegExp(`error: Cannot write ${mount}/out\\.results\\.csv\\S*: no space left on its disk \\(ENOSPC\\)\\. Free some space on the disk holding ${mount}\\. Then run the same command again to resume`));
    const kept = finishedRows(output);
    assert.ok(kept.size > 0 && kept.size < ROWS, `it stopped mid-run (${kept.size} rows kept)`);
    assert.equal(existsSync(`${output}.lock`), false, "the lock is released");
    assert.deepEqual(readdirSync(mount).filter((f) => f.endsWith(".tmp")), [], "no temp file left on the full disk");
    // The history (on another disk) has the failed run, with the rows it finished (from the CSV and the journal).
    const shown = runCli(["history", "show", "latest", "--json", "--history", history]);
    assert.equal(shown.status, 0, shown.stderr);
    const recorded = JSON.parse(shown.stdout) as RunRecord;
    assert.equal(recorded.status, "failed");
    assert.match(recorded.error ?? "", /no space left on its disk \(ENOSPC\)/);
    assert.deepEqual(new Set(recorded.rows.map((r) => r.row)), kept);
    rmSync(filler);
    assertResumes(input, output, kept);
  } finally {
    unmount(mount);
  }
});

test("ENOSPC while writing the run's meta file: a clean stop before any row; after freeing space the rerun runs every row", { timeout: 300_000 }, (t) => {
  const mount = mountTmpfs(t, 256);
  if (!mount) return;
  try {
    const input = inputDir();
    const output = join(mount, "out.results.csv");
    // One page: the write check passes and the lock takes it, so the meta file is the first write to fail.
    const filler = fillLeaving(mount, 1);
    const full = run(input, output);
    assertCleanStop(full, new RegExp(`error: Cannot write ${mount}/out\\.results\\.csv\\.meta\\.json: no space left on its disk \\(ENOSPC\\)`));
    assert.equal(finishedRows(output).size, 0);
    rmSync(filler);
    assertResumes(input, output, new Set());
  } finally {
    unmount(mount);
  }
});

/** The folder's files and their bytes (its .prompt-bench history folder aside). */
function filesIn(dir: string): Record<string, Buffer> {
  return Object.fromEntries(readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => [e.name, readFileSync(join(dir, e.name))]));
}

test("a read-only output folder (EROFS) is refused before inference, by name; earlier results stay as they were", { timeout: 300_000 }, (t) => {
  const mount = mountTmpfs(t, 1024);
  if (!mount) return;
  try {
    const input = inputDir();
    const output = join(mount, "out.results.csv");
    const first = run(input, output);
    assert.equal(first.status, 0, first.stderr);
    const before = filesIn(mount);
    const ro = spawnSync("mount", ["-o", "remount,ro", mount], { encoding: "utf8" });
    if (ro.status !== 0) {
      t.skip(`cannot remount the tmpfs read-only: ${ro.stderr.trim()}`);
      return;
    }
    const refused = run(input, join(mount, "other.results.csv"));
    assertCleanStop(refused, new RegExp(`error: Cannot write ${mount}/other\\.results\\.csv: its folder is on a read-only file system \\(EROFS\\)\\. Mount it read-write, or choose an output path in a writable folder\\. Nothing was run yet\\.`));
    assert.doesNotMatch(refused.stderr, /rows to run/);
    const rerun = run(input, output);
    assertCleanStop(rerun, /read-only file system \(EROFS\)/);
    assert.deepEqual(filesIn(mount), before);
  } finally {
    unmount(mount);
  }
});
