import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { before, describe, test } from "node:test";
import { runCli } from "../helpers/cli";
import { column, makeRunDir, readTable } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

let modelPath: string;
before(async () => {
  modelPath = await ensureTestModel();
});

function runArgs(dir: ReturnType<typeof makeRunDir>, ...extra: string[]): string[] {
  return ["run", "--prompt", dir.prompt, "--csv", dir.csv, "--output", dir.output, "--metrics", dir.metrics, "--model", modelPath,
    "--threads", "1", "--gpu", "off", "--no-download", "--max-new-tokens", "48", "--constrained", "--no-history", "--no-ci", ...extra];
}

describe("prompt-bench run --repeat / --ensemble", () => {
  test("--repeat 2 --ensemble majority: two rounds, the rounds CSV, and ensemble-majority over the rounds in the metrics", { timeout: 600_000 }, () => {
    const dir = makeRunDir();
    const r = runCli(runArgs(dir, "--temperature", "1", "--seed", "4", "--repeat", "2", "--ensemble", "majority"));
    assert.equal(r.status, 0, r.stderr);
    const round2 = dir.output.replace(/\.results\.csv$/, ".r2.results.csv");
    assert.ok(existsSync(round2));
    assert.match(r.stdout, /rounds: .*out\.rounds\.csv \(mean ± sd over 2 rounds/);
    assert.match(r.stderr, /round 2\/2 \(seed 5\)/);
    const metrics = readTable(dir.metrics);
    assert.deepEqual([...new Set(column(metrics, "model"))], ["prompt-bench-test", "ensemble-majority"]);
    // Two rounds: the majority is round 1's answer where it is not blank (a tie goes to round order).
    const a = column(readTable(dir.output), "pred_prompt-bench-test_name");
    const b = column(readTable(round2), "pred_prompt-bench-test_name");
    assert.deepEqual(column(readTable(dir.output), "pred_ensemble-majority_name"), a.map((x, i) => (x.trim() || b[i]!.trim())));
    const rounds = readFileSync(dir.output.replace(/\.results\.csv$/, ".rounds.csv"), "utf8");
    assert.match(rounds.split(/\r?\n/)[0]!, /^model,field,rounds,exact_match_mean,exact_match_sd,/);
    assert.match(rounds, /\nprompt-bench-test,name,2,/);
  });

  test("bad settings: a usage error (exit 2) or a clear refusal (exit 1) before any inference", () => {
    const dir = makeRunDir();
    const hot = runCli(runArgs(dir, "--temperature", "5"));
    assert.equal(hot.status, 2);
    assert.match(hot.stderr, /--temperature must be between 0 and 2/);
    const confidence = runCli(runArgs(dir, "--repeat", "2", "--ensemble", "confidence"));
    assert.equal(confidence.status, 1);
    assert.match(confidence.stderr, /--ensemble confidence needs a confidence per answer/);
    const alone = runCli(runArgs(dir, "--ensemble", "majority"));
    assert.equal(alone.status, 1);
    assert.match(alone.stderr, /two or more models .* or add --repeat N/);
    assert.equal(existsSync(dir.output), false);
  });
});
