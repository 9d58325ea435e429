// compare --fail-on / --significant-only / --config end to end: real runs of the tiny test model, recorded in a
// history, the baseline tagged, as the CI example in docs/CI.md does it.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import type { Comparison } from "../../src/core/compare";
import { runCli } from "../helpers/cli";
import { column, makeRunDir, readTable } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

let modelPath: string;
before(async () => {
  modelPath = await ensureTestModel();
});

const MODEL = "prompt-bench-test";

/**
 * One run of the fixture; with constrained decoding the tiny model writes 26–27 tokens of JSON per row, so
 * --max-new-tokens decides how many rows end valid: 200 all, 25 the 26-token ones, 24 none.
 */
function run(dir: ReturnType<typeof makeRunDir>, name: string, maxNewTokens: number): { id: string; results: string } {
  const results = join(dir.dir, `${name}.results.csv`);
  const r = runCli(["run", "--prompt", dir.prompt, "--csv", dir.csv, "--output", results, "--metrics", join(dir.dir, `${name}.metrics.csv`),
    "--model", modelPath, "--threads", "1", "--gpu", "off", "--no-download", "--max-new-tokens", String(maxNewTokens), "--constrained"]);
  assert.equal(r.status, 0, r.stderr);
  const id = /^history: run (\S+) in /m.exec(r.stdout)?.[1];
  assert.ok(id, r.stdout);
  return { id, results };
}

const validShare = (results: string): number => {
  const valid = column(readTable(results), `raw_${MODEL}__valid`);
  return (valid.filter((v) => v === "true").length / valid.length) * 100;
};
const failedLines = (stderr: string): string[] => stderr.split("\n").filter((l) => l.startsWith("gate failed: "));

describe("compare gates (CLI, real runs of the tiny test model)", () => {
  test("--fail-on exits 3 with the failed gate's numbers, 0 when the gates hold; --significant-only; the config file", { timeout: 900_000 }, () => {
    const dir = makeRunDir();
    const history = join(dir.dir, ".prompt-bench", "history.sqlite");
    const base = run(dir, "base", 200);
    assert.equal(validShare(base.results), 100, "precondition: every row valid with room to finish");
    const tag = runCli(["tag", base.id, "baseline", "--history", history]);
    assert.equal(tag.status, 0, tag.stderr);

    // No row valid any more: a regression the bootstrap calls significant.
    const broken = run(dir, "broken", 24);
    assert.equal(validShare(broken.results), 0, "precondition: 24 tokens cut every row's JSON short");
    const compare = (...extra: string[]) => runCli(["compare", "--baseline", "baseline", "--current", "latest", "--history", history, ...extra], dir.dir);
    const failed = compare("--fail-on", "validity<-2%,chrf++<-1");
    assert.equal(failed.status, 3, failed.stderr);
    assert.deepEqual(failedLines(failed.stderr), [`gate failed: validity<-2%  model ${MODEL}  A 100.00  B 0.00  Δ -100.00  95% CI [-100.00, -100.00]  p<0.001 (significant)`]);
    assert.match(failed.stderr, /^gate not checked: chrf\+\+<-1: no compared model × field has chrf\+\+ on both sides$/m, "no valid row in B: no chrF++ to compare");
    assert.match(failed.stderr, /^1 of 2 gates failed \(exit status 3\)$/m);
    assert.match(failed.stdout, /validity %/, "the comparison is printed before the gates decide the exit status");
    assert.equal(compare("--fail-on", "validity<-2%", "--significant-only").status, 3, "a significant regression fails with --significant-only too");
    const holds = compare("--fail-on", "validity<-100");
    assert.equal(holds.status, 0, holds.stderr);
    assert.match(holds.stderr, /^gates passed: validity<-100$/m);
    assert.equal(compare().status, 0, "no gates, no config file: exit 0");

    // Two of six rows invalid: over the threshold, but not significant on six rows.
    const partial = run(dir, "partial", 25);
    assert.ok(validShare(partial.results) > 0 && validShare(partial.results) < 100, `precondition: some rows valid (${validShare(partial.results)}%)`);
    const json = compare("--json");
    assert.equal(json.status, 0, json.stderr);
    const validity = (JSON.parse(json.stdout) as Comparison).models[0]!.measures.find((m) => m.measure === "validity")!;
    assert.ok(validity.delta < -2 && !validity.significant, `precondition: Δ ${validity.delta}, p ${validity.p}`);
    const noisy = compare("--fail-on", "validity<-2%", "--markdown");
    assert.equal(noisy.status, 3, noisy.stderr);
    assert.match(failedLines(noisy.stderr)[0]!, new RegExp(`^gate failed: validity<-2%  model ${MODEL}  A 100\\.00  B ${validity.b.score.toFixed(2)}  Δ ${validity.delta.toFixed(2)}  95% CI \\[.*\\]  p 0\\.\\d{3}$`));
    assert.doesNotMatch(noisy.stdout, /gate/, "--markdown's stdout is the report only");
    const significantOnly = compare("--fail-on", "validity<-2%", "--significant-only");
    assert.equal(significantOnly.status, 0, significantOnly.stderr);
    assert.match(significantOnly.stderr, /^gates passed: validity<-2%$/m);

    // The config file in the current folder; --config another; flags over both.
    writeFileSync(join(dir.dir, "prompt-bench.config.json"), '{ "gates": { "failOn": "validity<-2%" } }');
    assert.equal(compare().status, 3);
    writeFileSync(join(dir.dir, "ci.json"), '{ "gates": { "failOn": "validity<-2%", "significantOnly": true } }');
    assert.equal(compare("--config", "ci.json").status, 0);
    assert.equal(compare("--significant-only").status, 0);
    assert.equal(compare("--fail-on", "validity<-50").status, 0);

    // Bad gate text: a usage error naming the part and the valid names.
    const bad = compare("--fail-on", "validty<-2");
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^prompt-bench: --fail-on: "validty<-2": unknown name "validty"; valid names: bleu, chrf, chrf\+\+, .*validity, latency_p50, latency_p50_s, latency_p95, latency_p95_s, tokens_per_sec, cost$/m);
    writeFileSync(join(dir.dir, "prompt-bench.config.json"), '{ "gates": { "failOn": "validity<-2%", "significant": true } }');
    const badFile = compare();
    assert.equal(badFile.status, 1);
    assert.match(badFile.stderr, /prompt-bench\.config\.json: unknown key "gates\.significant"/);
  });
});
