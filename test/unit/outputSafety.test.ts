import assert from "node:assert/strict";
import { linkSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { DiskWriteError } from "../../src/core/errors/diskWriteError";
import { OutputPathError } from "../../src/core/errors/outputPathError";
import { UserError } from "../../src/core/errors/userError";
import { guardWrite } from "../../src/core/fs/guardWrite";
import { checkOutputFolders, checkOutputPaths, sameFile, type FileIdentity } from "../../src/core/results/outputSafety";
import { describeFailure } from "../../src/cli/failure";
import { UsageError } from "../../src/cli/usageError";

function folder(): string {
  return mkdtempSync(join(tmpdir(), "pb-safety-"));
}

/** A case-insensitive file system (as on macOS and Windows), which cannot be made on Linux: names fold to one inode. */
function caseInsensitive(files: Record<string, number>): FileIdentity {
  const inodes = new Map(Object.entries(files).map(([path, ino]) => [path.toLowerCase(), ino]));
  return {
    identify(path) {
      const ino = inodes.get(path.toLowerCase());
      return ino === undefined ? undefined : { dev: 1n, ino: BigInt(ino) };
    },
  };
}

test("sameFile: one path, a symlink, a hard link and a symlinked folder all name the input; a copy does not", () => {
  const dir = folder();
  const csv = join(dir, "data.csv");
  writeFileSync(csv, "source,name\nx,y\n");
  symlinkSync(csv, join(dir, "link.csv"));
  linkSync(csv, join(dir, "hard.csv"));
  symlinkSync(dir, join(dir, "alias"));
  writeFileSync(join(dir, "copy.csv"), "source,name\nx,y\n");
  assert.equal(sameFile(csv, csv), true);
  assert.equal(sameFile(join(dir, "sub", "..", "data.csv"), csv), true);
  assert.equal(sameFile(join(dir, "link.csv"), csv), true);
  assert.equal(sameFile(join(dir, "hard.csv"), csv), true);
  assert.equal(sameFile(join(dir, "alias", "data.csv"), csv), true);
  assert.equal(sameFile(join(dir, "copy.csv"), csv), false);
  // Neither exists yet: the same name in the same folder (reached through the symlink) is one file to be.
  assert.equal(sameFile(join(dir, "alias", "new.csv"), join(dir, "new.csv")), true);
  assert.equal(sameFile(join(dir, "new.csv"), join(dir, "other.csv")), false);
  // One exists, the other not: different files.
  assert.equal(sameFile(join(dir, "new.csv"), csv), false);
});

test("sameFile on a case-insensitive file system: another spelling is the same inode, and a name to be folds case", () => {
  const fs = caseInsensitive({ "/data": 1, "/data/Input.csv": 2, "/data/other.csv": 3 });
  assert.equal(sameFile("/data/INPUT.CSV", "/data/Input.csv", fs), true);
  assert.equal(sameFile("/data/other.csv", "/data/Input.csv", fs), false);
  assert.equal(sameFile("/data/New.csv", "/data/new.CSV", fs), true);
  assert.equal(sameFile("/data/New.csv", "/data/newer.csv", fs), false);
  // No inode numbers (FAT): the names are compared, case folded.
  const fat: FileIdentity = { identify: () => ({ dev: 0n, ino: 0n }) };
  assert.equal(sameFile("/x/A.csv", "/x/a.csv", fat), true);
  assert.equal(sameFile("/x/A.csv", "/x/b.csv", fat), false);

  assert.throws(
    () => checkOutputPaths({ csvFile: "/data/Input.csv", outputFile: "/data/input.CSV", metricsFile: "/data/m.csv" }, fs),
    (error: unknown) => error instanceof OutputPathError && /input\.CSV is the input CSV \/data\/Input\.csv \(the same file under another name/.test(error.message),
  );
});

test("checkOutputPaths: results, metrics and log may not be the input CSV, the prompt or each other; re-scoring in place may", () => {
  const dir = folder();
  const csv = join(dir, "data.csv");
  const prompt = join(dir, "p.txt");
  writeFileSync(csv, "source,name\nx,y\n");
  writeFileSync(prompt, "{source}");
  symlinkSync(csv, join(dir, "link.csv"));
  const base = { csvFile: csv, promptFile: prompt, outputFile: join(dir, "out.csv"), metricsFile: join(dir, "m.csv") };
  checkOutputPaths(base);
  const refused = (paths: Parameters<typeof checkOutputPaths>[0], pattern: RegExp): void =>
    assert.throws(() => checkOutputPaths(paths), (error: unknown) => error instanceof OutputPathError && error instanceof UserError && pattern.test(error.message));
  refused({ ...base, outputFile: csv }, /results file .*data\.csv is the input CSV.*Nothing was written.*--output .*data\.p\.results\.csv/);
  refused({ ...base, outputFile: join(dir, "link.csv") }, /results file .*link\.csv is the input CSV .*another name/);
  refused({ ...base, metricsFile: csv }, /metrics file .* is the input CSV.*--metrics/);
  refused({ ...base, logFile: join(dir, "link.csv") }, /log file .* is the input CSV.*--log/);
  refused({ ...base, outputFile: prompt }, /is the prompt file/);
  refused({ ...base, metricsFile: base.outputFile }, /metrics file .* and the results file .* are the same file/);
  mkdirSync(join(dir, "adir"));
  refused({ ...base, outputFile: join(dir, "adir") }, /results file .*adir is a folder.*--output .*adir\/data\.p\.results\.csv/);
  // Re-scoring reads a results CSV and writes it back: allowed; its metrics still may not be the CSV.
  checkOutputPaths({ csvFile: csv, outputFile: csv, metricsFile: join(dir, "m.csv"), skipInference: true });
  refused({ csvFile: csv, outputFile: csv, metricsFile: join(dir, "link.csv"), skipInference: true }, /metrics file/);
  // --skip-metrics: the metrics path is not written, so not checked.
  checkOutputPaths({ ...base, metricsFile: csv, skipMetrics: true });
});

test("checkOutputFolders: a missing folder or a file as folder is refused; a writable one keeps no probe file", () => {
  const dir = folder();
  const base = { csvFile: join(dir, "data.csv"), outputFile: join(dir, "out.csv"), metricsFile: join(dir, "m.csv") };
  checkOutputFolders(base);
  assert.deepEqual(readdirSync(dir), [], "the probe file is removed");
  assert.throws(
    () => checkOutputFolders({ ...base, outputFile: join(dir, "missing", "out.csv") }),
    (error: unknown) => error instanceof OutputPathError && /folder .*missing of the results file .* does not exist\. Create it first \(mkdir -p/.test(error.message),
  );
  writeFileSync(join(dir, "plain"), "");
  assert.throws(
    () => checkOutputFolders({ ...base, logFile: join(dir, "plain", "run.log") }),
    (error: unknown) => error instanceof OutputPathError && /plain of the log file .* is not a folder.*--log/.test(error.message),
  );
});

test("guardWrite: a full, read-only or forbidden disk becomes a DiskWriteError naming the file and what to do; a bug stays a bug", () => {
  const system = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: from the system, write '/mnt/x/.tmp'`), { code });
  const cases: Array<[string, RegExp]> = [
    ["ENOSPC", /Cannot write \/mnt\/x\/out\.csv: no space left on its disk \(ENOSPC\)\. Free some space on the disk holding \/mnt\/x.*run the same command again/],
    ["EDQUOT", /no space left on its disk \(EDQUOT\)/],
    ["EROFS", /read-only file system \(EROFS\).*choose an output path in a writable folder/],
    ["EACCES", /permission denied \(EACCES\)\. Make \/mnt\/x writable/],
  ];
  for (const [code, pattern] of cases) {
    assert.throws(
      () => guardWrite("/mnt/x/out.csv", () => { throw system(code); }),
      (error: unknown) => error instanceof DiskWriteError && error instanceof UserError && error.code === code && error.cause.code === code && pattern.test(error.message),
      code,
    );
  }
  assert.throws(() => guardWrite("/mnt/x/out.csv", () => { throw new TypeError("a bug"); }), TypeError);
  assert.equal(guardWrite("/f", () => 42), 42);
});

test("describeFailure: usage exits 2, a user's error or system error exits 1 without a stack, a bug says so with its stack", () => {
  const usage = describeFailure(new UsageError("--csv FILE is required"));
  assert.equal(usage.exitCode, 2);
  assert.match(usage.text, /^prompt-bench: --csv FILE is required\nRun "prompt-bench --help"/);

  const disk = describeFailure(new DiskWriteError("/mnt/x/out.csv", Object.assign(new Error("ENOSPC: no space left"), { code: "ENOSPC" })));
  assert.equal(disk.exitCode, 1);
  assert.equal(disk.bug, false);
  assert.match(disk.text, /^error: Cannot write \/mnt\/x\/out\.csv: no space left/);
  assert.doesNotMatch(disk.text, /\n\s+at /, "no stack in the message");
  assert.match(disk.stack, /DiskWriteError|Error: Cannot write/);
  assert.match(disk.stack, /caused by: Error: ENOSPC: no space left/, "the system error's stack is kept for --verbose and --log");

  const missing = describeFailure(Object.assign(new Error("ENOENT: no such file or directory, open '/x/data.csv'"), { code: "ENOENT", path: "/x/data.csv" }));
  assert.equal(missing.exitCode, 1);
  assert.equal(missing.bug, false);
  assert.match(missing.text, /^error: \/x\/data\.csv does not exist/);

  const bug = describeFailure(new TypeError("Cannot read properties of undefined"));
  assert.equal(bug.exitCode, 1);
  assert.equal(bug.bug, true);
  assert.match(bug.text, /^prompt-bench failed unexpectedly: TypeError: Cannot read properties of undefined\n\s+at /);
  assert.match(bug.text, /This is a bug in prompt-bench/);
});
