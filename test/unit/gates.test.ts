import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { GateSyntaxError } from "../../src/core/errors/gateSyntaxError";
import { isUserError } from "../../src/core/errors/userError";
import { DELTA_GATE_NAMES, parseDeltaGates } from "../../src/core/gates/deltaGate";
import { METRIC_IDS } from "../../src/core/metrics/textMetric";
import { evaluateDeltaGates } from "../../src/core/gates/evaluateDeltaGates";
import { evaluateMinGates } from "../../src/core/gates/evaluateMinGates";
import { parseMinGates } from "../../src/core/gates/minGate";
import type { MetricsRow } from "../../src/core/runner/options";
import { comparison, measure, metric, model } from "../helpers/comparisonFixture";

function syntaxError(fn: () => unknown, pattern: RegExp, part?: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof GateSyntaxError, String(error));
    assert.ok(isUserError(error));
    assert.match(error.message, pattern);
    if (part !== undefined) assert.equal(error.part, part);
    return true;
  });
}

describe("--fail-on parser", () => {
  test("the issue's example: names, operators, signed numbers, % relative to A except for validity (points)", () => {
    const gates = parseDeltaGates("chrf++<-1, validity<-2%,latency_p95>+20%,cost>+10%");
    assert.deepEqual(
      gates.map((g) => [g.kind, g.name, g.op, g.threshold, g.relative, g.model, g.field]),
      [
        ["metric", "chrf++", "<", -1, false, undefined, undefined],
        ["measure", "validity", "<", -2, false, undefined, undefined],
        ["measure", "latency_p95_s", ">", 20, true, undefined, undefined],
        ["measure", "cost", ">", 10, true, undefined, undefined],
      ],
    );
    assert.equal(gates[1]!.text, "validity<-2%");
  });

  test("aliases and case: latency_p50_s, rougel, exact_match with % (points), tokens_per_sec, decimals", () => {
    const gates = parseDeltaGates("latency_p50_s>0.5,ROUGEL<-.02,exact_match<-3%,tokens_per_sec<-10%,wer>+0.05");
    assert.deepEqual(
      gates.map((g) => [g.name, g.threshold, g.relative]),
      [
        ["latency_p50_s", 0.5, false],
        ["rougeL", -0.02, false],
        ["exact_match", -3, false],
        ["tokens_per_sec", -10, true],
        ["wer", 0.05, false],
      ],
    );
  });

  test("scopes: MODEL:NAME, MODEL:FIELD:NAME, * for any", () => {
    const [a, b, c] = parseDeltaGates("qwen-7b:chrf++<-1,qwen-7b:name:bleu<-2,*:city:exact_match<-5");
    assert.deepEqual([a!.model, a!.field], ["qwen-7b", undefined]);
    assert.deepEqual([b!.model, b!.field], ["qwen-7b", "name"]);
    assert.deepEqual([c!.model, c!.field], [undefined, "city"]);
    assert.equal(parseDeltaGates("llama.3-8b:validity<-2")[0]!.model, "llama.3-8b");
  });

  test("bad text names the bad part and the valid names", () => {
    syntaxError(() => parseDeltaGates("chrf++<-1,chrf+<-1"), /"chrf\+<-1": unknown name "chrf\+"; valid names: bleu, chrf, chrf\+\+, .*exact_match, validity, latency_p50, .*cost/, "chrf+<-1");
    syntaxError(() => parseDeltaGates("chrf++-1"), /"chrf\+\+-1" has no comparison/, "chrf++-1");
    syntaxError(() => parseDeltaGates("chrf++<-1x"), /"chrf\+\+<-1x": "-1x" is not a number/);
    syntaxError(() => parseDeltaGates("chrf++<"), /"chrf\+\+<": "" is not a number/);
    syntaxError(() => parseDeltaGates("chrf++>=-1"), /use < or >.*not >=/);
    syntaxError(() => parseDeltaGates("chrf++<-1,"), /empty gate/);
    syntaxError(() => parseDeltaGates(" "), /no gates/);
    syntaxError(() => parseDeltaGates("m:name:validity<-2"), /validity is measured per model, not per field; scope it as MODEL:validity/);
    syntaxError(() => parseDeltaGates("a:b:c:bleu<1"), /is not NAME, MODEL:NAME or MODEL:FIELD:NAME/);
    syntaxError(() => parseDeltaGates(":bleu<1"), /is not NAME/);
  });
});

describe("--fail-on evaluation on a Comparison", () => {
  const cmp = comparison([
    model(
      "m1",
      { city: [metric("chrf++", 60, 58.5, 0.01, [-2.5, -0.5]), metric("wer", 0.2, 0.21, 0.4)], name: [metric("chrf++", 70, 70.4, 0.6)] },
      [measure("validity", 98, 95, 0.03), measure("latency_p95_s", 1, 1.25, 0.2), measure("cost", 0, 0, 1)],
    ),
    model("m2", { city: [metric("chrf++", 50, 49.5, 0.3)], name: [metric("chrf++", 40, 38, 0.2, [-4, 0.2])] }, [measure("validity", 50, 48.5, 0.5), measure("latency_p95_s", 2, 2.2, 0.01)]),
  ]);

  test("a gate fails on any model × field where the delta crosses the threshold, with the numbers", () => {
    const [chrf] = evaluateDeltaGates(cmp, parseDeltaGates("chrf++<-1"));
    assert.equal(chrf!.status, "failed");
    assert.deepEqual(chrf!.checks.map((c) => [c.model, c.field, c.crossed, c.failed]), [
      ["m1", "city", true, true],
      ["m1", "name", false, false],
      ["m2", "city", false, false],
      ["m2", "name", true, true],
    ]);
    const first = chrf!.checks[0]!;
    assert.deepEqual([first.a, first.b, first.delta, first.deltaLow, first.deltaHigh, first.p, first.significant], [60, 58.5, -1.5, -2.5, -0.5, 0.01, true]);
  });

  test("the threshold itself does not cross (strict), and a passing gate passes", () => {
    const [edge, pass] = evaluateDeltaGates(cmp, parseDeltaGates("chrf++<-2,wer>+0.05"));
    assert.equal(edge!.checks.find((c) => c.model === "m2" && c.field === "name")!.crossed, false, "Δ = −2 is not below −2");
    assert.equal(edge!.status, "passed");
    assert.equal(pass!.status, "passed");
    assert.equal(pass!.checks.length, 1);
  });

  test("significantOnly: a crossing counts only when significant", () => {
    const [chrf] = evaluateDeltaGates(cmp, parseDeltaGates("chrf++<-1"), { significantOnly: true });
    assert.equal(chrf!.status, "failed");
    assert.deepEqual(chrf!.checks.filter((c) => c.failed).map((c) => [c.model, c.field]), [["m1", "city"]]);
    assert.equal(chrf!.checks.find((c) => c.model === "m2" && c.field === "name")!.crossed, true, "crossed but p = 0.2");
    const [onlyNoise] = evaluateDeltaGates(cmp, parseDeltaGates("m2:chrf++<-1"), { significantOnly: true });
    assert.equal(onlyNoise!.status, "passed");
    assert.equal(evaluateDeltaGates(cmp, parseDeltaGates("m2:chrf++<-1"))[0]!.status, "failed");
  });

  test("% is relative to A for latency; validity's % is points", () => {
    const [latency, validity, validityPoints] = evaluateDeltaGates(cmp, parseDeltaGates("latency_p95>+20%,validity<-2%,validity<-3"));
    // m1: 1 → 1.25 is +25%; m2: 2 → 2.2 is +10%.
    assert.deepEqual(latency!.checks.map((c) => [c.model, c.field, Math.round(c.relativePercent), c.failed]), [
      ["m1", undefined, 25, true],
      ["m2", undefined, 10, false],
    ]);
    // m1: 98 → 95 is −3 points; m2: 50 → 48.5 is −1.5 points, which is −3% of A and would fail a relative −2%.
    assert.deepEqual(validity!.checks.map((c) => [c.model, c.delta, c.failed]), [
      ["m1", -3, true],
      ["m2", -1.5, false],
    ]);
    assert.equal(validityPoints!.status, "passed", "−3 points is not below −3");
  });

  test("scoped gates check only their model / field; relative change from a zero A", () => {
    const [m1city, m2name] = evaluateDeltaGates(cmp, parseDeltaGates("m1:city:chrf++<-1,*:name:chrf++<-1"));
    assert.deepEqual(m1city!.checks.map((c) => [c.model, c.field]), [["m1", "city"]]);
    assert.deepEqual(m2name!.checks.map((c) => [c.model, c.field, c.failed]), [
      ["m1", "name", false],
      ["m2", "name", true],
    ]);
    const [cost] = evaluateDeltaGates(cmp, parseDeltaGates("cost>+10%"));
    assert.deepEqual(cost!.checks.map((c) => [c.model, c.relativePercent, c.failed]), [["m1", 0, false]], "0 → 0 is no change; m2 has no cost");
    const zero = comparison([model("z", {}, [measure("cost", 0, 0.5, 0.01)])]);
    assert.equal(evaluateDeltaGates(zero, parseDeltaGates("cost>+10%"))[0]!.checks[0]!.relativePercent, Infinity);
    assert.equal(evaluateDeltaGates(zero, parseDeltaGates("cost>+10%"))[0]!.status, "failed");
  });

  test("a gate nothing in the comparison has is unchecked, not passed or failed", () => {
    const [bleu, other] = evaluateDeltaGates(cmp, parseDeltaGates("bleu<-1,nobody:chrf++<-1"));
    assert.equal(bleu!.status, "unchecked");
    assert.equal(other!.status, "unchecked");
    assert.deepEqual(bleu!.checks, []);
  });
});

function row(model: string, field: string, values: Partial<MetricsRow>): MetricsRow {
  return { model, field, n_total: 10, n_valid: 10, runtime_s: 1, tokens_in: 1, tokens_out: 1, tokens_per_sec: 5, ...values };
}

describe("--min gates on a run's metrics rows", () => {
  const rows = [
    row("m1", "city", { exact_match: 80, chrf: 55, n_valid: 9, latency_p95_s: 1.5 }),
    row("m1", "name", { exact_match: 70, chrf: 65, n_valid: 9, latency_p95_s: 1.5 }),
    row("m2", "city", { skipped: "does not fit: needs 9 GB" }),
  ];

  test("parser: >= and <=, chrf++ reads the chrf column, validity % is points", () => {
    const gates = parseMinGates("exact_match>=80,chrf++>=50,validity>=95%,latency_p95<=2,m1:name:rougeL>=0.3");
    assert.deepEqual(gates.map((g) => [g.name, g.op, g.threshold, g.model, g.field]), [
      ["exact_match", ">=", 80, undefined, undefined],
      ["chrf++", ">=", 50, undefined, undefined],
      ["validity", ">=", 95, undefined, undefined],
      ["latency_p95_s", "<=", 2, undefined, undefined],
      ["rougeL", ">=", 0.3, "m1", "name"],
    ]);
    assert.equal(gates[1]!.value(rows[0]!), 55);
    assert.equal(gates[2]!.value(rows[0]!), 90);
  });

  test("parser errors name the bad part and the valid names", () => {
    syntaxError(() => parseMinGates("exact_match>80"), /"exact_match>80": use >= or <=/);
    syntaxError(() => parseMinGates("chrf>=50"), /unknown name "chrf" \(the metrics CSV's chrf column holds chrF\+\+: write chrf\+\+\); valid names for --min: chrf\+\+, bleu/);
    syntaxError(() => parseMinGates("wer<=0.2"), /wer is not in the run's metrics CSV; prompt-bench compare --fail-on gates it/);
    syntaxError(() => parseMinGates("chrf++>=50%"), /% only goes with validity and exact_match/);
    syntaxError(() => parseMinGates("speed>=1"), /unknown name "speed"; valid names for --min: .*validity, latency_p50_s, latency_p95_s, tokens_per_sec, cost/);
  });

  test("a requirement fails on any model × field below it, on a missing value, and when nothing matches", () => {
    const [em, chrf, validity, latency, nobody] = evaluateMinGates(rows, parseMinGates("m1:exact_match>=80,m1:chrf++>=50,validity>=95,latency_p95<=2,m9:bleu>=1"));
    assert.equal(em!.status, "failed");
    assert.deepEqual(em!.checks.map((c) => [c.field, c.value, c.failed]), [
      ["city", 80, false],
      ["name", 70, true],
    ]);
    assert.equal(chrf!.status, "passed");
    assert.equal(validity!.status, "failed");
    assert.deepEqual(validity!.checks.map((c) => [c.model, c.value, c.failed]), [
      ["m1", 90, true],
      ["m1", 90, true],
      ["m2", undefined, true],
    ]);
    assert.equal(latency!.status, "failed", "m2 was skipped: no latency to show the requirement holds");
    assert.deepEqual(latency!.checks[2], { model: "m2", field: "city", missing: "skipped: does not fit: needs 9 GB", failed: true });
    assert.equal(nobody!.status, "failed");
    assert.deepEqual(nobody!.checks, []);
  });
});

describe("gate parser properties", () => {
  const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,11}$/);
  const number = fc.tuple(fc.constantFrom("", "+", "-"), fc.integer({ min: 0, max: 1_000_000 }), fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }));

  test("any well-formed gate list parses back to its parts (fixed seed)", () => {
    const gate = fc.record({
      model: fc.option(word, { nil: undefined }),
      field: fc.option(word, { nil: undefined }),
      name: fc.constantFrom(...DELTA_GATE_NAMES),
      op: fc.constantFrom("<" as const, ">" as const),
      number,
      percent: fc.boolean(),
      space: fc.constantFrom("", " "),
    });
    fc.assert(
      fc.property(fc.array(gate, { minLength: 1, maxLength: 5 }), (gates) => {
        const texts = gates.map((g) => {
          const measure = !(METRIC_IDS as readonly string[]).includes(g.name);
          const field = measure ? undefined : g.field;
          const scope = g.model === undefined ? (field === undefined ? "" : `*:${field}:`) : field === undefined ? `${g.model}:` : `${g.model}:${field}:`;
          const [sign, int, dec] = g.number;
          const num = `${sign}${int}${dec === undefined ? "" : `.${dec}`}`;
          return { g, field, text: `${scope}${g.name}${g.space}${g.op}${g.space}${num}${g.percent ? "%" : ""}`, threshold: Number(num) };
        });
        const parsed = parseDeltaGates(texts.map((t) => t.text).join(","));
        assert.equal(parsed.length, texts.length);
        parsed.forEach((p, i) => {
          const { g, field, text, threshold } = texts[i]!;
          assert.equal(p.text, text);
          assert.deepEqual([p.model, p.field, p.op, p.threshold], [g.model, field, g.op, threshold]);
          assert.equal(p.relative, g.percent && g.name !== "validity" && g.name !== "exact_match");
        });
      }),
      { seed: 1212, numRuns: 300 },
    );
  });
});
