import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { runCli } from "../helpers/cli";
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

/** Re-scores the results CSV only (no inference): the same metrics, other gates. */
function rescore(dir: ReturnType<typeof makeRunDir>, ...extra: string[]): string[] {
  return ["run", "--skip-inference", "--csv", dir.output, "--metrics", join(dir.dir, "rescored.metrics.csv"), "--no-history", ...extra];
}

const failedLines = (stderr: string): string[] => stderr.split("\n").filter((l) => l.startsWith("gate failed: "));

describe("run --min (CLI, the tiny test model)", () => {
  test("a failing gate exits 3 with one line per model × field and keeps the run; passing gates exit 0", { timeout: 600_000 }, () => {
    const dir = makeRunDir();
    // Latency is never 0 s, so latency_p95<=0 fails on both fields; validity>=0 always holds.
    const r = runCli(runArgs(dir, "--min", "validity>=0,latency_p95<=0"));
    assert.equal(r.status, 3, r.stderr);
    const lines = failedLines(r.stderr);
    assert.equal(lines.length, 2, r.stderr);
    assert.match(lines[0]!, /^gate failed: latency_p95<=0 {2}model prompt-bench-test {2}field city {2}value \d/);
    assert.match(lines[1]!, /^gate failed: latency_p95<=0 {2}model prompt-bench-test {2}field name {2}value \d/);
    assert.match(r.stderr, /^1 of 2 gates failed \(exit status 3\)$/m);
    // The run is not lost: every row has its prediction, the metrics are written, the run is recorded.
    const results = readTable(dir.output);
    assert.equal(results.records.length, 6);
    assert.ok(column(results, "raw_prompt-bench-test").every((raw) => raw !== ""));
    assert.ok(existsSync(dir.metrics));
    assert.match(r.stdout, /^history: run \S+/m);

    // The tiny model's outputs are never schema-valid, so quality metrics are empty: a quality requirement
    // cannot be shown to hold and fails, saying why.
    const noQuality = runCli(rescore(dir, "--min", "validity>=0%,chrf++>=0"));
    assert.equal(noQuality.status, 3, noQuality.stderr);
    assert.deepEqual(failedLines(noQuality.stderr), [
      "gate failed: chrf++>=0  model prompt-bench-test  field city  no value (no chrf++: no schema-valid rows to score)",
      "gate failed: chrf++>=0  model prompt-bench-test  field name  no value (no chrf++: no schema-valid rows to score)",
    ]);

    // Thresholds around the run's own throughput: just below passes, just above fails, with the value printed.
    const probe = runCli(rescore(dir, "--min", "*:name:tokens_per_sec>=1000000000"));
    assert.equal(probe.status, 3, probe.stderr);
    const printed = Number(/field name {2}value (\S+)$/m.exec(probe.stderr)?.[1]);
    const metrics = readTable(dir.metrics);
    const csvValue = Number(column(metrics, "tokens_per_sec")[column(metrics, "field").indexOf("name")]);
    assert.ok(Math.abs(printed - csvValue) <= 0.01, `${printed} is the metrics CSV's ${csvValue}`);
    const pass = runCli(rescore(dir, "--min", `prompt-bench-test:name:tokens_per_sec>=${(printed - 0.01).toFixed(2)},validity>=0`));
    assert.equal(pass.status, 0, pass.stderr);
    assert.match(pass.stderr, /^gates passed: prompt-bench-test:name:tokens_per_sec>=[\d.]+, validity>=0$/m);
    assert.deepEqual(failedLines(pass.stderr), []);
    const above = runCli(rescore(dir, "--min", `*:name:tokens_per_sec>=${(printed + 0.01).toFixed(2)}`));
    assert.equal(above.status, 3, above.stderr);
    assert.deepEqual(failedLines(above.stderr), [`gate failed: *:name:tokens_per_sec>=${(printed + 0.01).toFixed(2)}  model prompt-bench-test  field name  value ${printed.toFixed(2)}`]);
    // One qualifier is a model: no model is called "name", so the requirement cannot be shown to hold.
    const unmatched = runCli(rescore(dir, "--min", "name:validity>=0"));
    assert.equal(unmatched.status, 3, unmatched.stderr);
    assert.deepEqual(failedLines(unmatched.stderr), ["gate failed: name:validity>=0  no model × field of the run matches it"]);
  });

  test("gates from prompt-bench.config.json in the current folder, --config, flags over the file; bad text fails before the run", { timeout: 600_000 }, () => {
    const dir = makeRunDir();
    writeFileSync(join(dir.dir, "prompt-bench.config.json"), '{ "gates": { "min": "latency_p95<=0" } }');
    const r = runCli(runArgs(dir, "--no-history"), dir.dir);
    assert.equal(r.status, 3, r.stderr);
    assert.equal(failedLines(r.stderr).length, 2, r.stderr);
    assert.match(failedLines(r.stderr)[0]!, /^gate failed: latency_p95<=0 {2}model prompt-bench-test {2}field city/);

    const flag = runCli(rescore(dir, "--min", "validity>=0"), dir.dir);
    assert.equal(flag.status, 0, flag.stderr);
    assert.match(flag.stderr, /^gates passed: validity>=0$/m);
    writeFileSync(join(dir.dir, "ci.json"), '{ "gates": { "min": "validity>=0,tokens_per_sec>=0" } }');
    const other = runCli(rescore(dir, "--config", "ci.json"), dir.dir);
    assert.equal(other.status, 0, other.stderr);
    assert.match(other.stderr, /^gates passed: validity>=0, tokens_per_sec>=0$/m);

    // Bad gate text: exit 2 before any work (no metrics file written).
    const rescored = join(dir.dir, "rescored.metrics.csv");
    writeFileSync(rescored, "not rewritten");
    const bad = runCli(rescore(dir, "--min", "em>=80"), dir.dir);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^prompt-bench: --min: "em>=80": unknown name "em"; valid names for --min: chrf\+\+, bleu, /);
    assert.equal(readFileSync(rescored, "utf8"), "not rewritten");
    const skip = runCli(rescore(dir, "--min", "validity>=0", "--skip-metrics"), dir.dir);
    assert.equal(skip.status, 2);
    assert.match(skip.stderr, /--min gates the run's metrics: drop --skip-metrics/);

    // A broken config file: exit 1, naming the file and line, before the run.
    writeFileSync(join(dir.dir, "prompt-bench.config.json"), '{\n  "gates": { "min": "validity>=0" },\n}\n');
    const broken = runCli(rescore(dir), dir.dir);
    assert.equal(broken.status, 1);
    assert.match(broken.stderr, /^error: .*prompt-bench\.config\.json: not valid JSON at line 3, column 1 /);
    writeFileSync(join(dir.dir, "prompt-bench.config.json"), '{ "gates": { "min": "validity>=0", "failOn": 3 } }');
    const typed = runCli(rescore(dir), dir.dir);
    assert.equal(typed.status, 1);
    assert.match(typed.stderr, /prompt-bench\.config\.json: gates\.failOn: .*string/);
  });
});
