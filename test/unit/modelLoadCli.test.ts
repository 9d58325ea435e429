import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { brokenModels, buildTestModelBytes, type BrokenModel } from "../helpers/brokenModels";
import { runCli } from "../helpers/cli";
import { column, makeRunDir, readTable } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

// `prompt-bench run` end to end with a broken .gguf among the models: the built CLI, the real node-llama-cpp.

let goodPath: string;
let broken: Record<string, BrokenModel>;

before(async () => {
  goodPath = await ensureTestModel();
  broken = await brokenModels();
});

function runArgs(dir: ReturnType<typeof makeRunDir>, models: string[]): string[] {
  return ["run", "--prompt", dir.prompt, "--csv", dir.csv, "--output", dir.output, "--metrics", dir.metrics,
    "--model", models.join(","), "--threads", "1", "--gpu", "off", "--no-download", "--max-new-tokens", "32", "--constrained"];
}

/** A path as a regular expression that matches it literally. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function assertNoCrash(r: { stdout: string; stderr: string }): void {
  const all = r.stdout + r.stderr;
  assert.doesNotMatch(all, /failed unexpectedly/);
  assert.doesNotMatch(all, /\n\s+at .*\(.*:\d+:\d+\)/, "no stack trace");
  assert.doesNotMatch(all, /Invalid GGUF magic/);
}

describe("prompt-bench run with a model file that cannot load", () => {
  for (const kind of ["text", "truncated-data"]) {
    test(`a ${kind} .gguf listed first is skipped with its reason and the good model after it runs (exit 0)`, { timeout: 300_000 }, () => {
      const dir = makeRunDir();
      const bad = join(dir.dir, "broken.gguf");
      writeFileSync(bad, broken[kind]!.bytes);
      const r = runCli(runArgs(dir, [bad, goodPath]));
      assert.equal(r.status, 0, r.stderr);
      assertNoCrash(r);

      const results = readTable(dir.output);
      assert.deepEqual(column(results, "raw_prompt-bench-test__valid"), Array(6).fill("true"));
      assert.ok(results.columns.includes("pred_prompt-bench-test_name") && results.columns.includes("pred_prompt-bench-test_city"));
      for (const c of results.columns.filter((name) => name.startsWith("pred_broken_") || name.startsWith("raw_broken"))) {
        assert.deepEqual(column(results, c), Array(6).fill(""), `the skipped model's ${c} stays empty, for a rerun`);
      }

      const line = r.stdout.split("\n").find((l) => l.startsWith("skipped broken: "));
      assert.ok(line, r.stdout);
      assert.ok(line.startsWith(`skipped broken: cannot load: ${bad} `), line);
      assert.match(line, broken[kind]!.says);
      assert.match(line, /its rows stay empty \(fix or replace the model file as the reason says, then rerun to run them\)$/);
      assert.doesNotMatch(r.stdout, /skipped prompt-bench-test/);

      const metrics = readTable(dir.metrics);
      const skippedOf = (model: string) => column(metrics, "skipped").filter((_, i) => column(metrics, "model")[i] === model);
      const reasons = skippedOf("broken");
      assert.equal(reasons.length, 2, "one metrics row per field");
      assert.ok(reasons.every((s) => s.startsWith(`cannot load: ${bad} `)), reasons.join(" | "));
      assert.deepEqual(skippedOf("prompt-bench-test"), ["", ""]);

      const meta = JSON.parse(readFileSync(`${dir.output}.meta.json`, "utf8")) as { models: Record<string, { skipped?: string }> };
      assert.equal(meta.models.broken?.skipped, reasons[0]);
      assert.equal(meta.models["prompt-bench-test"]?.skipped, undefined);
    });
  }

  test("every selected model cannot load: exit 1, a message that says so, the reasons, no stack trace", { timeout: 300_000 }, () => {
    const dir = makeRunDir();
    const empty = join(dir.dir, "empty.gguf");
    const lfs = join(dir.dir, "pointer.gguf");
    writeFileSync(empty, broken.empty!.bytes);
    writeFileSync(lfs, broken["git-lfs-pointer"]!.bytes);
    const csvBefore = readFileSync(dir.csv, "utf8");
    const r = runCli(runArgs(dir, [empty, lfs]));
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assertNoCrash(r);
    assert.match(r.stdout, new RegExp(`^skipped empty: cannot load: ${literal(empty)} is empty \\(0 bytes\\)`, "m"));
    assert.match(r.stdout, new RegExp(`^skipped pointer: cannot load: ${literal(lfs)} is a Git LFS pointer`, "m"));
    assert.match(r.stderr, /^error: no model ran: every selected model was skipped \(empty, pointer\)/m);
    assert.equal(readFileSync(dir.csv, "utf8"), csvBefore, "the input is untouched");
  });

  test("an unsupported architecture is named in the skip reason", { timeout: 300_000 }, () => {
    const dir = makeRunDir();
    const bad = join(dir.dir, "alien.gguf");
    writeFileSync(bad, broken["unknown-architecture"]!.bytes);
    const r = runCli(runArgs(dir, [bad, goodPath]));
    assert.equal(r.status, 0, r.stderr);
    assertNoCrash(r);
    assert.match(r.stdout, /^skipped alien: cannot load: .*alien\.gguf is a model of architecture "notamodel", which the llama\.cpp built into node-llama-cpp cannot run/m);
  });

  test("a chat template that cannot be rendered: one warning naming the file, no stack trace, every row runs", { timeout: 300_000 }, async () => {
    const dir = makeRunDir();
    const model = join(dir.dir, "klingon.gguf");
    writeFileSync(model, await buildTestModelBytes({ chatTemplate: "{{ raise_exception('this model only chats in Klingon') }}" }));
    const r = runCli(runArgs(dir, [model]));
    assert.equal(r.status, 0, r.stderr);
    assertNoCrash(r);
    const warnings = r.stderr.split("\n").filter((l) => l.includes("chat template"));
    assert.equal(warnings.length, 1, r.stderr);
    assert.match(warnings[0]!, new RegExp(`^warn: ${literal(model)}: its chat template cannot be rendered \\(Error: this model only chats in Klingon\\); using node-llama-cpp's built-in "\\w+" chat format instead`));
    assert.equal(column(readTable(dir.output), "raw_klingon__valid").filter((v) => v === "true" || v === "false").length, 6);
  });
});
