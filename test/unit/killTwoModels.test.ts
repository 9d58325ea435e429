// Fault injection: kill -9 at seeded random points of a two-model run, resumed each time, ends with exactly what an
// uninterrupted run writes (greedy decoding on the CPU, one row at a time, is deterministic).
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { runCli, startCli } from "../helpers/cli";
import { rng } from "../helpers/rng";
import { column, makeRunDir, readTable } from "../helpers/runFixture";
import { ensureTestModel, loadMakeTestModel } from "../helpers/testModel";

const ROWS = 10;
const MODELS = ["alpha", "beta"];
let models: { name: string; path: string }[];

before(async () => {
  const first = await ensureTestModel();
  const { ensureTestModel: ensure } = await loadMakeTestModel();
  // A second, different model (other weights), so the two models' outputs differ.
  models = [{ name: "alpha", path: first }, { name: "beta", path: ensure(join(first, "..", "prompt-bench-test-seed7.gguf"), { seed: 7 }) }];
});

function setup(): ReturnType<typeof makeRunDir> & { modelsFile: string } {
  const dir = makeRunDir();
  const rows = Array.from({ length: ROWS }, (_, i) => `"Row ${i}: Person ${i} lives in City ${i}.",Person ${i},City ${i}`);
  writeFileSync(dir.csv, ["source,name,city", ...rows].join("\n") + "\n");
  const modelsFile = join(dir.dir, "models.json");
  writeFileSync(modelsFile, JSON.stringify(models));
  return { ...dir, modelsFile };
}

function args(dir: ReturnType<typeof setup>): string[] {
  return ["run", "--prompt", dir.prompt, "--csv", dir.csv, "--output", dir.output, "--metrics", dir.metrics, "--models-file", dir.modelsFile,
    "--model", MODELS.join(","), "--threads", "1", "--gpu", "off", "--no-download", "--max-new-tokens", "48", "--parallel", "1"];
}

/** Rows finished by either model: saved in the results CSV or logged in its journal. */
function finishedRows(output: string): number {
  const saved = existsSync(output) ? MODELS.reduce((n, m) => n + column(readTable(output), `raw_${m}__valid`).filter(Boolean).length, 0) : 0;
  const journal = `${output}.journal`;
  const logged = existsSync(journal) ? readFileSync(journal, "utf8").split("\n").filter(Boolean).length : 0;
  return saved + logged;
}

/** What a run decided per row: the raw output, validity and each field, per model. */
function outputs(file: string): Record<string, string[]> {
  const table = readTable(file);
  const names = table.columns.filter((c) => MODELS.some((m) => c === `raw_${m}` || c === `raw_${m}__valid` || c.startsWith(`pred_${m}_`)));
  return Object.fromEntries(names.map((c) => [c, column(table, c)]));
}

describe("kill -9 at random points with two models", { timeout: 600_000 }, () => {
  test("after three kills and resumes, every row of both models is what an uninterrupted run writes", async () => {
    const reference = setup();
    const whole = runCli(args(reference));
    assert.equal(whole.status, 0, whole.stderr);
    const expected = outputs(reference.output);
    assert.equal(Object.keys(expected).length, 2 * 4, "raw, valid, name and city for each model");

    const dir = setup();
    const random = rng(11);
    const total = ROWS * MODELS.length;
    // Three kills at increasing points, one of them (at least) during the second model.
    const points = [1 + Math.floor(random() * 6), 7 + Math.floor(random() * 6), 13 + Math.floor(random() * 6)];
    for (const point of points) {
      const child = startCli(args(dir));
      const exited = new Promise((resolve) => child.once("exit", resolve));
      const deadline = Date.now() + 240_000;
      while (finishedRows(dir.output) < point && Date.now() < deadline && child.exitCode === null) await sleep(5);
      child.kill("SIGKILL");
      await exited;
      const done = finishedRows(dir.output);
      assert.ok(done >= point && done < total, `killed mid-run at ${done} of ${total} rows (aimed at ${point})`);
      if (existsSync(dir.output)) readTable(dir.output); // parses: written atomically
    }

    const last = runCli(args(dir));
    assert.equal(last.status, 0, last.stderr);
    assert.doesNotMatch(last.stderr, /at .*\.js:\d+/, "no stack trace");
    assert.deepEqual(outputs(dir.output), expected, "every row of both models, as the uninterrupted run wrote them");
    assert.equal(existsSync(`${dir.output}.lock`), false, "no lock left behind");
    const metricsModels = [...new Set(column(readTable(dir.metrics), "model"))].sort();
    assert.deepEqual(metricsModels, MODELS);
  });
});
