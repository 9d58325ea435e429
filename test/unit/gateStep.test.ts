// The compare gates on real comparisons (compareRuns over two run records), as `compare --fail-on` applies them.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { applyGates } from "../../src/cli/gateStep";
import { compareRuns } from "../../src/core/compare";
import { deltaGateLines } from "../../src/cli/gateLines";
import { parseDeltaGates } from "../../src/core/gates/deltaGate";
import { evaluateDeltaGates } from "../../src/core/gates/evaluateDeltaGates";
import { comparison, measure, model } from "../helpers/comparisonFixture";
import { runOf, type RowSpec } from "../helpers/compareRun";

const CITIES = ["Berlin", "Köln", "München", "Zürich", "Hamburg", "Bremen", "Kiel", "Ulm"];

/** 40 rows; the rows listed in `wrong` get another city (and are still valid JSON). */
function rows(wrong: ReadonlySet<number>, slow = 1): RowSpec[] {
  return Array.from({ length: 40 }, (_, i) => {
    const city = `${CITIES[i % CITIES.length]} ${i}`;
    return { source: `row ${i} in ${city}`, expected: { city }, pred: { city: wrong.has(i) ? `Nowhere ${i}` : city }, valid: true, seconds: 0.5 * slow + i / 100 };
  });
}

function capture(): { write(text: string): void; text: () => string } {
  let all = "";
  return { write: (t) => void (all += t), text: () => all };
}

const emptyFolder = () => mkdtempSync(join(tmpdir(), "pb-gates-"));
const a = runOf("a", rows(new Set()));
const big = compareRuns(a, runOf("b", rows(new Set(Array.from({ length: 20 }, (_, i) => i * 2)))), { resamples: 300 });
const small = compareRuns(a, runOf("c", rows(new Set([7]))), { resamples: 300 });

describe("compare gates on compareRuns comparisons", () => {
  test("a regression past the threshold exits 3 with the gate's numbers; a gate that holds exits 0", () => {
    const chrf = big.models[0]!.fields[0]!.metrics.find((m) => m.metric === "chrf++")!;
    assert.ok(chrf.delta < -10 && chrf.significant, "precondition: half the rows wrong is a large, significant drop");
    const err = capture();
    assert.equal(applyGates(big, { failOn: "chrf++<-1,latency_p95>+50%" }, err, emptyFolder()), 3);
    const lines = err.text().split("\n");
    assert.match(lines[0]!, /^gate failed: chrf\+\+<-1 {2}model m {2}field city {2}A 100\.00 {2}B \d+\.\d\d {2}Δ -\d+\.\d\d {2}95% CI \[-\d+\.\d\d, -\d+\.\d\d\] {2}p 0\.0\d\d \(significant\)$/);
    assert.equal(lines[1], "1 of 2 gates failed (exit status 3)");
    const ok = capture();
    assert.equal(applyGates(big, { failOn: "chrf++<-90,validity<-2%" }, ok, emptyFolder()), 0);
    assert.equal(ok.text(), "gates passed: chrf++<-90, validity<-2%\n");
    assert.equal(applyGates(big, {}, capture(), emptyFolder()), 0, "no gates: nothing to fail");
  });

  test("--significant-only: a drop from one row crosses the threshold but is not significant", () => {
    const chrf = small.models[0]!.fields[0]!.metrics.find((m) => m.metric === "chrf++")!;
    assert.ok(chrf.delta < -1 && !chrf.significant, `precondition: Δ ${chrf.delta}, p ${chrf.p}`);
    const all = capture();
    assert.equal(applyGates(small, { failOn: "chrf++<-1" }, all, emptyFolder()), 3);
    assert.match(all.text(), /^gate failed: chrf\+\+<-1 {2}model m {2}field city .* p \d\.\d{3}\n/);
    const significant = capture();
    assert.equal(applyGates(small, { failOn: "chrf++<-1", significantOnly: true }, significant, emptyFolder()), 0);
    assert.equal(significant.text(), "gates passed: chrf++<-1\n");
    assert.equal(applyGates(big, { failOn: "chrf++<-1", significantOnly: true }, capture(), emptyFolder()), 3, "a significant drop still fails");
  });

  test("the config file's gates apply when no flag is given; a flag overrides them; a missing measure is not checked", () => {
    const dir = emptyFolder();
    writeFileSync(join(dir, "prompt-bench.config.json"), JSON.stringify({ gates: { failOn: "chrf++<-1,cost>+10%", significantOnly: true } }));
    const fromFile = capture();
    assert.equal(applyGates(small, {}, fromFile, dir), 0, "significantOnly from the file");
    assert.equal(fromFile.text(), "gate not checked: cost>+10%: no compared model has cost on both sides\ngates passed: chrf++<-1\n");
    assert.equal(applyGates(big, {}, capture(), dir), 3);
    assert.equal(applyGates(big, { failOn: "chrf++<-90" }, capture(), dir), 0, "--fail-on replaces the file's list");
  });
});

describe("gate lines", () => {
  test("a relative gate shows the change as a share of A; a measure has no field", () => {
    const cmp = comparison([model("m1", {}, [measure("latency_p95_s", 1.2, 1.5, 0.2, [0.1, 0.5])])]);
    const [result] = evaluateDeltaGates(cmp, parseDeltaGates("latency_p95>+20%"));
    assert.deepEqual(deltaGateLines([result!], 0.9), ["gate failed: latency_p95>+20%  model m1  A 1.20  B 1.50  Δ +0.300 (+25.00% of A)  90% CI [+0.100, +0.500]  p 0.200\n"]);
  });
});
