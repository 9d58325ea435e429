import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
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
    "--model", modelPath, "--threads", "1", "--gpu", "off", "--no-download", "--max-new-tokens", "32", ...extra];
}

describe("prompt-bench CLI", () => {
  test("usage: --help exits 0, bad flags exit 2", () => {
    const help = runCli(["--help"]);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--skip-inference/);
    const bad = runCli(["run", "--csv", "x.csv", "--prompt", "p.txt", "--bogus"]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /bogus/);
    assert.equal(runCli(["frobnicate"]).status, 2);
  });

  test("a ;-delimited latin-1 CSV runs end to end; the model is named after the .gguf", () => {
    const dir = makeRunDir();
    writeFileSync(dir.csv, Buffer.from("source;name\r\nJürgen aus Köln;Jürgen\r\n\"Grüße; Straße\";Maß\r\n", "latin1"));
    const r = runCli(runArgs(dir, "--constrained"));
    assert.equal(r.status, 0, r.stderr);
    const results = readTable(dir.output);
    assert.deepEqual(column(results, "source"), ["Jürgen aus Köln", "Grüße; Straße"]);
    assert.deepEqual(column(results, "raw_prompt-bench-test__valid"), ["true", "true"]);
    assert.ok(results.columns.includes("pred_prompt-bench-test_name"));
    assert.match(r.stdout, /prompt-bench-test\s+name\s+2\/2/);
  });

  test("bad input: one clear message, exit 1, earlier results untouched", () => {
    const dir = makeRunDir();
    assert.equal(runCli(runArgs(dir, "--constrained")).status, 0);
    const results = readFileSync(dir.output, "utf8");
    const metrics = readFileSync(dir.metrics, "utf8");

    const missingModel = runCli([...runArgs(dir), "--model", join(dir.dir, "nope.gguf")]);
    assert.equal(missingModel.status, 1);
    assert.match(missingModel.stderr, /nope\.gguf/);

    writeFileSync(dir.prompt, "Just a prompt without a placeholder.");
    const noPlaceholder = runCli(runArgs(dir));
    assert.equal(noPlaceholder.status, 1);
    assert.match(noPlaceholder.stderr, /\{source\}/);
    assert.match(noPlaceholder.stderr, /extract\.prompt\.txt/);

    writeFileSync(dir.prompt, "{source}");
    writeFileSync(dir.csv, "text,name\nhello,x\n");
    const noSource = runCli(runArgs(dir));
    assert.equal(noSource.status, 1);
    assert.match(noSource.stderr, /people\.csv/);
    assert.match(noSource.stderr, /text, name|text,name|"text"/);

    for (const r of [missingModel, noPlaceholder, noSource]) {
      assert.equal(r.stderr.match(/^error: /gm)?.length, 1, `one message, got:\n${r.stderr}`);
      assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, "no stack trace for user errors");
    }
    assert.equal(readFileSync(dir.output, "utf8"), results);
    assert.equal(readFileSync(dir.metrics, "utf8"), metrics);
  });

  test("SIGKILL mid-run: the output still parses and the rerun skips finished rows", async () => {
    const dir = makeRunDir();
    const rows = Array.from({ length: 40 }, (_, i) => `"Row ${i}: Person ${i} lives in City ${i}.",Person ${i},City ${i}`);
    writeFileSync(dir.csv, ["source,name,city", ...rows].join("\n") + "\n");
    const child = startCli(runArgs(dir, "--max-new-tokens", "200"));
    const journal = `${dir.output}.journal`;
    const finishedRows = (): number => {
      const saved = existsSync(dir.output) ? column(readTable(dir.output), "raw_prompt-bench-test__valid").filter(Boolean).length : 0;
      const logged = existsSync(journal) ? readFileSync(journal, "utf8").split("\n").filter(Boolean).length : 0;
      return saved + logged;
    };
    const deadline = Date.now() + 60_000;
    while (finishedRows() < 3 && Date.now() < deadline) await sleep(10);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const done = finishedRows();
    assert.ok(done >= 3 && done < 40, `killed mid-run after ${done} rows`);
    if (existsSync(dir.output)) readTable(dir.output); // parses: written atomically

    const rerun = runCli(runArgs(dir, "--max-new-tokens", "200"));
    assert.equal(rerun.status, 0, rerun.stderr);
    // Rows logged in the journal count as finished; at most the row in flight (torn line) is lost.
    const m = /(\d+) of 40 rows to run/.exec(rerun.stderr);
    assert.ok(m, rerun.stderr);
    assert.ok(Number(m[1]) <= 40 - done + 1 && Number(m[1]) >= 40 - done, `reran ${m[1]} rows after ${done} were done`);
    assert.ok(column(readTable(dir.output), "raw_prompt-bench-test__valid").every((v) => v !== ""));
  });
});

describe("prompt-bench score", () => {
  test("--hyp/--ref --json prints each metric on its reference tool's scale", () => {
    const dir = makeRunDir();
    writeFileSync(join(dir.dir, "h.txt"), "the cat sat on the mat\nhello world\n");
    writeFileSync(join(dir.dir, "r.txt"), "the cat is on the mat\nhello there world\n");
    writeFileSync(join(dir.dir, "r2.txt"), "a cat sat on a mat\nhello world\n");
    const r = runCli(["score", "--hyp", join(dir.dir, "h.txt"), "--ref", join(dir.dir, "r.txt"), "--json", "--per-segment"]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, { score: number; signature?: string; segments?: number[]; precision?: number }>;
    assert.deepEqual(Object.keys(out), ["bleu", "chrf", "chrf++", "rouge1", "rouge2", "rougeL", "rougeLsum", "wer", "cer", "mer", "wil", "exact_match"]);
    assert.ok(Math.abs(out.bleu!.score - 32.42685978604634) < 1e-9, "sacrebleu 2.6.0's corpus_bleu");
    assert.match(out.bleu!.signature!, /^nrefs:1\|case:mixed\|eff:no\|tok:13a\|smooth:exp\|version:/);
    assert.ok(out.rouge1!.score > 0 && out.rouge1!.score <= 1 && out.rouge1!.precision !== undefined);
    assert.equal(out.wer!.segments!.length, 2);

    const two = runCli(["score", "--hyp", join(dir.dir, "h.txt"), "--ref", join(dir.dir, "r.txt"), "--ref", join(dir.dir, "r2.txt"), "--metrics", "bleu", "--json"]);
    const both = JSON.parse(two.stdout) as Record<string, { score: number; signature: string }>;
    assert.match(both.bleu!.signature, /^nrefs:2\|/);
    assert.ok(both.bleu!.score > out.bleu!.score, "a second reference can only help BLEU here");
  });

  test("mismatched line counts and unknown metrics are reported", () => {
    const dir = makeRunDir();
    writeFileSync(join(dir.dir, "h.txt"), "a\nb\n");
    writeFileSync(join(dir.dir, "r.txt"), "a\n");
    const mismatch = runCli(["score", "--hyp", join(dir.dir, "h.txt"), "--ref", join(dir.dir, "r.txt")]);
    assert.equal(mismatch.status, 1);
    assert.match(mismatch.stderr, /r\.txt has 1 lines but .*h\.txt has 2/);
    assert.equal(runCli(["score", "--hyp", join(dir.dir, "h.txt"), "--ref", join(dir.dir, "h.txt"), "--metrics", "meteor"]).status, 2);
  });

  test("score --csv reproduces the metrics CSV of a run", () => {
    const dir = makeRunDir();
    assert.equal(runCli(runArgs(dir, "--constrained")).status, 0);
    const again = join(dir.dir, "again.csv");
    const r = runCli(["score", "--csv", dir.output, "--metrics", again]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(again, "utf8"), readFileSync(dir.metrics, "utf8"));
    assert.match(r.stdout, /bertscore_f1 is empty/);
  });
});
