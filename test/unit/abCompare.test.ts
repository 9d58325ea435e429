import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, test } from "node:test";
import { freshOutputPaths } from "../../src/core/ab/freshOutputPaths";
import { modelTokens } from "../../src/core/ab/modelTokens";
import { previousRunOf } from "../../src/core/ab/previousRun";
import { runInTurn } from "../../src/core/ab/runInTurn";
import type { RunListing } from "../../src/core/history/runSummaryLine";
import { defaultOutputPaths } from "../../src/core/results/paths";

function listing(id: string, promptFile: string | undefined, status: RunListing["status"] = "completed"): RunListing {
  return {
    id, startedAt: "", endedAt: "", status, promptFile, promptFirstLine: "", promptSha256: "", datasetFile: "/d.csv", datasetSha256: "", rows: 1, resultsFile: "/r.csv", models: [],
  };
}

describe("prompt A/B", () => {
  test("the previous run of a prompt file is its newest run that did not fail, matched by path", () => {
    const runs = [listing("4", "/w/other.prompt.txt"), listing("3", "/w/a.prompt.txt", "failed"), listing("2", "/w/sub/../a.prompt.txt", "cancelled"), listing("1", "/w/a.prompt.txt")];
    assert.equal(previousRunOf(runs, "/w/a.prompt.txt", false)?.id, "2");
    assert.equal(previousRunOf(runs, "/w/b.prompt.txt", false), undefined);
    assert.equal(previousRunOf([listing("1", undefined)], "/w/a.prompt.txt", false), undefined, "a re-score with no prompt file is no previous run");
    assert.equal(previousRunOf([listing("1", "/W/A.prompt.txt")], "/w/a.prompt.txt", true)?.id, "1");
    assert.equal(previousRunOf([listing("1", "/W/A.prompt.txt")], "/w/a.prompt.txt", false), undefined);
  });

  test("fresh output paths never name an existing file, and keep the prompt's name last", () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-ab-"));
    const csv = join(dir, "letters.csv");
    const at = new Date("2026-12-06T21:30:00.123Z");
    const first = freshOutputPaths(csv, join(dir, "extract.prompt.txt"), at);
    assert.equal(basename(first.outputFile), "letters.20261206T213000123Z.extract.results.csv");
    assert.equal(basename(first.metricsFile), "letters.20261206T213000123Z.extract.metrics.csv");
    assert.notEqual(first.outputFile, defaultOutputPaths(csv, join(dir, "extract.prompt.txt")).outputFile);
    writeFileSync(first.outputFile, "x");
    const second = freshOutputPaths(csv, join(dir, "extract.prompt.txt"), at);
    assert.equal(basename(second.outputFile), "letters.20261206T213000123Z-2.extract.results.csv");
    writeFileSync(second.metricsFile, "x");
    assert.equal(basename(freshOutputPaths(csv, join(dir, "extract.prompt.txt"), at).outputFile), "letters.20261206T213000123Z-3.extract.results.csv");
  });

  test("a recorded run's models are selected again by name, else by their GGUF path", () => {
    const { tokens, missing } = modelTokens(
      [
        { name: "tiny", kind: "file", file: "/m/tiny.gguf", info: {} },
        { name: "local-stem", kind: "file", file: "/m/local-stem.gguf", info: {} },
        { name: "gone-endpoint", kind: "endpoint", endpoint: "http://x/v1", info: {} },
      ],
      new Set(["tiny"]),
    );
    assert.deepEqual(tokens, ["tiny", "/m/local-stem.gguf"]);
    assert.deepEqual(missing, ["gone-endpoint"]);
  });
});

describe("prompt variants in turn", () => {
  const outcome = (runId: string | undefined, cancelled = false) => ({ runId, cancelled });

  test("all variants run in order; the first completed one is A, the others B", async () => {
    const started: number[] = [];
    const { runs, compare } = await runInTurn(3, async (i) => {
      started.push(i);
      return outcome(`run-${i}`);
    });
    assert.deepEqual(started, [0, 1, 2]);
    assert.equal(runs.length, 3);
    assert.deepEqual(compare, { a: "run-0", b: ["run-1", "run-2"] });
  });

  test("a cancelled variant stops the set: it is kept, no later one starts, the finished ones are compared", async () => {
    const started: number[] = [];
    const { runs, compare } = await runInTurn(4, async (i) => {
      started.push(i);
      return outcome(`run-${i}`, i === 2);
    });
    assert.deepEqual(started, [0, 1, 2]);
    assert.deepEqual(runs.map((r) => [r.runId, r.cancelled]), [["run-0", false], ["run-1", false], ["run-2", true]]);
    assert.deepEqual(compare, { a: "run-0", b: ["run-1"] }, "the cancelled variant is not compared");
  });

  test("cancelled at the first or second variant, or a variant not recorded: nothing to compare", async () => {
    assert.equal((await runInTurn(3, async (i) => outcome(`run-${i}`, i === 1))).compare, undefined);
    assert.equal((await runInTurn(3, async (i) => outcome(`run-${i}`, i === 0))).runs.length, 1);
    const unrecorded = await runInTurn(2, async (i) => outcome(i === 0 ? undefined : "run-1"));
    assert.equal(unrecorded.runs.length, 2);
    assert.equal(unrecorded.compare, undefined);
    const failed = await runInTurn(3, async (i) => (i === 1 ? undefined : outcome(`run-${i}`)));
    assert.deepEqual(failed.runs.map((r) => r.runId), ["run-0"], "a variant that did not run stops the set");
  });
});
