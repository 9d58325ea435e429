import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import { CLI, runCli, type CliResult } from "../helpers/cli";
import { column, makeRunDir, readTable } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

let modelPath: string;
before(async () => {
  modelPath = await ensureTestModel();
});

type RunDir = ReturnType<typeof makeRunDir>;

function runArgs(dir: RunDir, ...extra: string[]): string[] {
  return ["run", "--prompt", dir.prompt, "--csv", dir.csv, "--output", dir.output, "--metrics", dir.metrics,
    "--model", modelPath, "--threads", "1", "--gpu", "off", "--no-download", "--max-new-tokens", "16", ...extra];
}

/** A German Excel export: `;`-separated, Windows-1252 (€ is 0x80, which latin-1 lacks), CRLF. */
function germanCsv(dir: RunDir): Buffer {
  const text = "source;name;city\r\n\"Jürgen Groß wohnt in Köln; Miete 800 €.\";Jürgen Groß;Köln\r\nAnna aus Düsseldorf;Anna;Düsseldorf\r\n";
  const bytes = Buffer.from(text.replace("€", "\u0080"), "latin1");
  writeFileSync(dir.csv, bytes);
  return bytes;
}

/** One message, exit 1, no stack trace, nothing run. */
function assertRefused(r: CliResult, pattern: RegExp): void {
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, pattern);
  assert.equal(r.stderr.match(/^error: /gm)?.length, 1, `one message, got:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at .*:\d+/, "no stack trace");
  assert.doesNotMatch(r.stderr, /failed unexpectedly/);
  assert.doesNotMatch(r.stderr, /rows to run/, "refused before any inference");
}

test("--output equal to --csv (same path, a symlink, a hard link, a symlinked folder) is refused; the cp1252 input stays byte-identical", () => {
  const dir = makeRunDir();
  const input = germanCsv(dir);
  symlinkSync(dir.csv, join(dir.dir, "link.csv"));
  linkSync(dir.csv, join(dir.dir, "hard.csv"));
  symlinkSync(dir.dir, join(dir.dir, "alias"));
  const before = readdirSync(dir.dir).sort();
  for (const output of [dir.csv, join(dir.dir, "link.csv"), join(dir.dir, "hard.csv"), join(dir.dir, "alias", "people.csv")]) {
    const r = runCli(runArgs(dir, "--output", output));
    assertRefused(r, /error: The results file .* is the input CSV .*people\.csv.*Nothing was written\. Choose another path, e\.g\. --output .*people\.extract\.results\.csv/);
    assert.deepEqual(readFileSync(dir.csv), input, `the input is unchanged (--output ${output})`);
  }
  assert.deepEqual(readdirSync(dir.dir).sort(), before, "no results, meta, journal or lock file was written");
});

test("--metrics or --log equal to the input CSV is refused before anything is written", () => {
  const dir = makeRunDir();
  const input = germanCsv(dir);
  symlinkSync(dir.csv, join(dir.dir, "link.csv"));
  assertRefused(runCli(runArgs(dir, "--metrics", dir.csv)), /The metrics file .*people\.csv is the input CSV.*--metrics /);
  assertRefused(runCli(runArgs(dir, "--log", join(dir.dir, "link.csv"))), /The log file .*link\.csv is the input CSV .*people\.csv \(the same file under another name.*--log /);
  // Re-scoring: the metrics may not be the results CSV it reads either.
  assertRefused(runCli(["score", "--csv", dir.csv, "--metrics", join(dir.dir, "link.csv")]), /The metrics file .* is the input CSV/);
  assert.deepEqual(readFileSync(dir.csv), input);
  assert.equal(existsSync(dir.output), false);
});

test("--output that is a folder, or in a missing folder, is refused by name before inference", () => {
  const dir = makeRunDir();
  const folder = join(dir.dir, "results");
  mkdirSync(folder);
  assertRefused(runCli(runArgs(dir, "--output", folder)), new RegExp(`The results file ${folder} is a folder\\. Give the path of a file, e\\.g\\. --output ${folder}/people\\.extract\\.results\\.csv`));
  assert.deepEqual(readdirSync(folder), []);

  const missing = join(dir.dir, "nope", "out.csv");
  assertRefused(runCli(runArgs(dir, "--output", missing)), /The folder .*nope of the results file .*out\.csv does not exist\. Create it first/);
  assertRefused(runCli(runArgs(dir, "--metrics", join(dir.dir, "gone", "m.csv"))), /gone of the metrics file .* does not exist.*--metrics/);
  assertRefused(runCli(runArgs(dir, "--log", join(dir.dir, "nolog", "run.log"))), /nolog of the log file .* does not exist.*--log/);
  assert.equal(existsSync(join(dir.dir, "nope")), false, "no folder is made up");
  assert.equal(existsSync(dir.output), false);
});

test("--verbose adds the stack trace of a user's error; --log FILE keeps it, with the run's log lines", () => {
  const dir = makeRunDir();
  const folder = join(dir.dir, "results");
  mkdirSync(folder);
  const log = join(dir.dir, "run.log");
  const plain = runCli(runArgs(dir, "--output", folder, "--log", log));
  assertRefused(plain, /is a folder/);
  const verbose = runCli(runArgs(dir, "--output", folder, "--verbose"));
  assert.equal(verbose.status, 1);
  assert.match(verbose.stderr, /^error: The results file .* is a folder/);
  assert.match(verbose.stderr, /OutputPathError|Error: The results file/);
  assert.match(verbose.stderr, /\n\s+at .*checkOutputPaths/, "the stack is shown with --verbose");
  assert.doesNotMatch(verbose.stderr, /failed unexpectedly/);

  const text = readFileSync(log, "utf8");
  assert.match(text, /^\d{4}-\d\d-\d\dT[\d:.]+Z prompt-bench run --prompt /, "a header with the command");
  assert.match(text, /error: The results file .* is a folder/);
  assert.match(text, /\n\S+ +at .*checkOutputPaths/, "the stack trace is in the log");
  assert.match(text, /exit status 1\n$/);

  // A run that works: its progress lines go to the log too, and the log is appended to.
  const ok = runCli(runArgs(dir, "--log", log));
  assert.equal(ok.status, 0, ok.stderr);
  const after = readFileSync(log, "utf8");
  assert.ok(after.startsWith(text), "appended");
  assert.match(after.slice(text.length), /prompt-bench-test: 6 of 6 rows to run/);
  assert.match(after.slice(text.length), /prompt-bench-test: done/);
  assert.match(after.slice(text.length), /results: .*out\.results\.csv/);
  assert.equal(column(readTable(dir.output), "raw_prompt-bench-test__valid").filter((v) => v !== "").length, 6, "every row ran");
});

test("a real bug still says \"failed unexpectedly\" with its stack, from the run and from an event handler", () => {
  const dir = makeRunDir();
  const preload = (code: string): string => {
    const file = join(dir.dir, `preload-${Math.random().toString(36).slice(2)}.js`);
    writeFileSync(file, code);
    return file;
  };
  const run = (file: string): CliResult => {
    const r = spawnSync(process.execPath, ["--require", file, CLI, ...runArgs(dir)], { encoding: "utf8", timeout: 120_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  // A write that fails without a system error code is no disk fault the user could fix: a bug.
  const rename = run(preload(`require("node:fs").renameSync = () => { throw new TypeError("injected renameSync bug"); };`));
  assert.equal(rename.status, 1);
  assert.match(rename.stderr, /prompt-bench failed unexpectedly: TypeError: injected renameSync bug\n\s+at /);
  assert.match(rename.stderr, /This is a bug in prompt-bench/);
  const thrown = run(preload(`setImmediate(() => { throw new RangeError("injected uncaught bug"); });`));
  assert.equal(thrown.status, 1);
  assert.match(thrown.stderr, /prompt-bench failed unexpectedly: RangeError: injected uncaught bug\n\s+at /);
});
