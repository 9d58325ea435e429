import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import type { RunRecord } from "../../src/core/history/runRecord";
import type { RunListing } from "../../src/core/history/runSummaryLine";
import { setTimeout as sleep } from "node:timers/promises";
import { runCli, startCli } from "../helpers/cli";
import { column, makeRunDir, readTable } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

let modelPath: string;
before(async () => {
  modelPath = await ensureTestModel();
});

function runArgs(dir: ReturnType<typeof makeRunDir>, ...extra: string[]): string[] {
  return ["run", "--prompt", dir.prompt, "--csv", dir.csv, "--output", dir.output, "--metrics", dir.metrics,
    "--model", modelPath, "--threads", "1", "--gpu", "off", "--no-download", "--max-new-tokens", "24", "--constrained", ...extra];
}

describe("run history (CLI)", () => {
  test("a run is recorded beside its results; history --json lists it and show returns its rows after the CSV is gone", { timeout: 300_000 }, () => {
    const dir = makeRunDir();
    const r = runCli(runArgs(dir));
    assert.equal(r.status, 0, r.stderr);
    const file = join(dir.dir, ".prompt-bench", "history.sqlite");
    assert.ok(existsSync(file), "the default history file is in the results file's folder");
    const id = /^history: run (\S+) in (.+)$/m.exec(r.stdout)?.[1];
    assert.ok(id, r.stdout);

    // `history` reads .prompt-bench/history.sqlite of the current folder.
    const list = runCli(["history", "--json"], dir.dir);
    assert.equal(list.status, 0, list.stderr);
    const runs = JSON.parse(list.stdout) as RunListing[];
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.id, id);
    assert.equal(runs[0]!.status, "completed");
    assert.equal(runs[0]!.promptFile, dir.prompt);
    assert.equal(runs[0]!.datasetFile, dir.csv);
    assert.deepEqual(runs[0]!.models.map((m) => m.model), ["prompt-bench-test"]);
    const results = readTable(dir.output);
    const valid = column(results, "raw_prompt-bench-test__valid");
    assert.equal(runs[0]!.models[0]!.validRate, valid.filter((v) => v === "true").length / valid.length);
    const text = runCli(["history", "--history", file], dir.dir);
    assert.match(text.stdout, new RegExp(`^${id} {2}.*completed {2}rows ${valid.length}$`, "m"));
    assert.match(text.stdout, /prompt-bench-test: chrF\+\+ \S+ {2}EM \S+ {2}valid \d+\.\d%/);

    // The rows live in the history, not only in the CSV: a later compare works after the CSV is overwritten.
    const predictions = column(results, "pred_prompt-bench-test_name");
    rmSync(dir.output);
    const show = runCli(["history", "show", id!.slice(0, 22), "--json", "--history", file]);
    assert.equal(show.status, 0, show.stderr);
    const run = JSON.parse(show.stdout) as RunRecord;
    assert.equal(run.id, id);
    assert.deepEqual(run.rows.map((row) => row.predictions.name), predictions);
    assert.deepEqual(run.references.map((ref) => ref.expected.name), column(readTable(dir.csv), "name"));
    assert.equal(run.models[0]!.file, modelPath);
    assert.match(run.models[0]!.fileSha256 ?? "", /^[0-9a-f]{64}$/);
    assert.equal(run.models[0]!.info.backend, "cpu", "--gpu off: the backend is recorded");
    assert.equal(run.models[0]!.info.filePath, modelPath);
    assert.equal(run.params.maxNewTokens, 24);
    assert.equal(run.params.constrained, true);
    assert.equal(run.versions.nodeLlamaCpp, "3.22.1");
    assert.ok(run.metrics.some((m) => m.model === "prompt-bench-test" && m.field === "name"));

    const missing = runCli(["history", "show", "nope", "--history", file]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /"nope" is no run, tag or file: .*history\.sqlite has .*newest runs: /);
  });

  test("--no-history writes no history; an unwritable history is a warning and the run still succeeds with its results", { timeout: 300_000 }, () => {
    const dir = makeRunDir();
    const off = runCli(runArgs(dir, "--no-history"));
    assert.equal(off.status, 0, off.stderr);
    assert.equal(existsSync(join(dir.dir, ".prompt-bench")), false);
    assert.doesNotMatch(off.stdout, /history:/);

    // A history path under a regular file: its folder can never be created (root ignores permissions).
    const blocker = join(dir.dir, "not-a-folder");
    writeFileSync(blocker, "x");
    const other = makeRunDir();
    const r = runCli(runArgs(other, "--history", join(blocker, "history.sqlite")));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /warning: the run was not recorded in the history: Cannot create the folder of the history database .*not-a-folder\/history\.sqlite/);
    assert.ok(existsSync(other.output) && existsSync(other.metrics), "the results and metrics are written");
    assert.equal(column(readTable(other.output), "raw_prompt-bench-test__valid").length, 6);
  });

  test("Ctrl-C: the cancelled run is recorded as cancelled, with the rows that finished", { timeout: 300_000 }, async () => {
    const dir = makeRunDir();
    const rows = Array.from({ length: 40 }, (_, i) => `"Row ${i}: Person ${i} lives in City ${i}.",Person ${i},City ${i}`);
    writeFileSync(dir.csv, ["source,name,city", ...rows].join("\n") + "\n");
    const child = startCli(runArgs(dir, "--max-new-tokens", "200"));
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const journal = `${dir.output}.journal`;
    const deadline = Date.now() + 120_000;
    while (!(existsSync(journal) && readFileSync(journal, "utf8").split("\n").filter(Boolean).length >= 2) && Date.now() < deadline) await sleep(10);
    child.kill("SIGINT");
    assert.equal(await exited, 130, stderr);
    const show = runCli(["history", "show", "latest", "--json"], dir.dir);
    assert.equal(show.status, 0, show.stderr);
    const run = JSON.parse(show.stdout) as RunRecord;
    assert.equal(run.status, "cancelled");
    const valid = column(readTable(dir.output), "raw_prompt-bench-test__valid");
    const finished = valid.filter((v) => v !== "").length;
    assert.ok(finished >= 2 && finished < 40, `cancelled mid-run after ${finished} rows`);
    assert.equal(run.rows.length, finished, "exactly the finished rows are recorded");
    assert.equal(run.dataset.rows, 40);
  });

  test("history with no database yet says so; --json gives []", () => {
    const dir = makeRunDir();
    mkdirSync(join(dir.dir, "empty"));
    const r = runCli(["history", "--json"], join(dir.dir, "empty"));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "[]\n");
    assert.match(runCli(["history"], join(dir.dir, "empty")).stdout, /no runs recorded yet/);
    assert.equal(runCli(["history", "show"]).status, 2);
  });
});
