import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  bootstrapAggregate,
  meanScore,
  type RougeScore,
  rougeCorpus,
  rougeScore,
  rougeScoreMulti,
  type RougeType,
  tokenize,
} from "../../src/core/metrics/rouge";
import { findUnion, lcsLength, lcsRefIndices, unionLcs } from "../../src/core/metrics/rouge/lcs";
import { scoreSummaryLcs } from "../../src/core/metrics/rouge/scoreParts";

// Every case of rouge_cases.json (rouge_score's own tests, see the fixture README), one test per case id.
const VECTORS = join(__dirname, "..", "..", "..", "test", "fixtures", "reference-vectors");
/** rouge_score's testdata files that the case file names but does not include (see reportMissing). */
const TESTDATA = join(VECTORS, "rouge_testdata");

/* eslint-disable @typescript-eslint/no-explicit-any -- the cases are heterogeneous JSON, checked field by field */
type Case = Record<string, any>;
const cases: Case[] = JSON.parse(readFileSync(join(VECTORS, "rouge_cases.json"), "utf8"));

function near(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: got ${actual}, expected ${expected} ± ${tolerance}`);
}

function assertScore(actual: Partial<RougeScore>, expected: Record<string, number>, tolerance: number, what = ""): void {
  assert.ok(Object.keys(expected).length > 0, "a case must expect something");
  for (const [key, value] of Object.entries(expected)) {
    near((actual as Record<string, number>)[key], value, tolerance, `${what}${key}`);
  }
}

/** Text as Python's open().read() gives it: universal newlines. */
const readText = (...parts: string[]): string => readFileSync(join(TESTDATA, ...parts), "utf8").replace(/\r\n?/g, "\n");
/** Python's readlines(): lines keep their "\n". */
const readLines = (name: string): string[] => readText(name).split(/(?<=\n)/);

const options = (c: Case) => ({ useStemmer: c.params.use_stemmer === true, splitSummaries: c.params.split_summaries === true });

function runInternal(c: Case): void {
  if (c.id === "lcs_table") {
    assert.equal(lcsLength(c.input.ref, c.input.can), c.expected.lcs_length);
    assert.deepEqual(lcsRefIndices(c.input.ref, c.input.can), c.expected.lcs_ref_indices);
    assert.equal(lcsLength(c.input.ref, [8, 9]), c.expected["no_common_with_[8,9]"]);
    assert.deepEqual(lcsRefIndices(c.input.ref, [8, 9]), []);
  } else if (c.id === "union_lcs") {
    assert.deepEqual(unionLcs(c.input.ref, c.input.cands), c.expected.union_lcs_tokens);
    assert.deepEqual(findUnion([[0, 1], [0, 2, 4]]), c.expected["find_union([[0,1],[0,2,4]])"]);
    assert.deepEqual(findUnion([[0, 2, 4], [0, 1]]), c.expected["find_union([[0,1],[0,2,4]])"]);
  } else if (c.id === "summary_level_lcs") {
    const { recall, precision, fmeasure } = c.expected;
    assertScore(scoreSummaryLcs(c.input.refs, c.input.cands), { recall, precision, fmeasure }, c.tolerance);
    assert.equal(scoreSummaryLcs([["reference"]], [[]]).recall, c.expected['refs=[["reference"]],cands=[[]] recall']);
  } else {
    assert.fail(`no runner for internal case ${c.id}`);
  }
}

/** ROUGE-1.5.5 confidence intervals (scoring_test.py) on rouge_score's testdata. */
function runAgainstRouge155(c: Case): void {
  const types = c.params.rouge_types as RougeType[];
  let targets: string[];
  let predictions: string[];
  if (c.id.endsWith("MultiLine")) {
    const ids = Array.from({ length: 250 }, (_, i) => i);
    targets = ids.map((i) => readText("pyrouge_files", `target_multi.${i}.txt`));
    predictions = ids.map((i) => readText("pyrouge_files", `prediction_multi.${i}.txt`));
  } else {
    targets = readLines("target_large.txt");
    predictions = readLines("prediction_large.txt");
  }
  const n = Math.min(targets.length, predictions.length); // Python's zip
  const { segments } = rougeCorpus(targets.slice(0, n), predictions.slice(0, n), types, { useStemmer: c.params.use_stemmer });
  for (const type of types) {
    const agg = bootstrapAggregate(segments.map((s) => s[type]), { confidenceInterval: c.params.confidence_interval });
    for (const measure of ["precision", "recall", "fmeasure"] as const) {
      for (const bound of ["low", "mid", "high"] as const) {
        near(agg[bound][measure], c.expected[type][measure][bound], c.tolerance, `${type}.${measure}.${bound}`);
      }
    }
  }
}

function runAggregate(c: Case): void {
  if (c.id.startsWith("bootstrap_ci")) {
    const agg = bootstrapAggregate(c.input.rouge1_scores, {
      confidenceInterval: c.params.confidence_interval,
      nSamples: c.params.n_samples,
    });
    for (const bound of ["low", "mid", "high"] as const) assertScore(agg[bound], c.expected[bound], c.tolerance, `${bound}.`);
  } else if (c.id.startsWith("hf_evaluate")) {
    // evaluate's rouge: score (score_multi for several references) per prediction, then the bootstrap mid F.
    const types = c.metric.split(",") as RougeType[];
    const { segments, mean } = rougeCorpus(c.input.references, c.input.predictions, types, options(c));
    for (const type of types) {
      near(bootstrapAggregate(segments.map((s) => s[type])).mid.fmeasure, c.expected[type], c.tolerance, `${type} mid`);
      near(mean[type].fmeasure, c.expected[type], c.tolerance, `${type} mean`);
    }
  } else if (c.id.startsWith("aggregate_AgainstRouge155")) {
    runAgainstRouge155(c);
  } else {
    assert.fail(`no runner for aggregate case ${c.id}`);
  }
}

function run(c: Case): void {
  if (c.level === "pair" && c.id === "rougeLsum_large_file") {
    const result = rougeScore(readText("target_large.txt"), readText("prediction_large.txt"), ["rougeLsum"], options(c));
    assertScore(result.rougeLsum, c.expected, c.tolerance);
  } else if (c.level === "pair") {
    assertScore(rougeScore(c.target, c.prediction, [c.metric], options(c))[c.metric as RougeType], c.expected, c.tolerance);
  } else if (c.level === "multi_ref") {
    const result = rougeScoreMulti(c.targets, c.prediction, [c.metric], options(c));
    assertScore(result[c.metric as RougeType], c.expected, c.tolerance);
  } else if (c.level === "tokenize") {
    assert.deepEqual(tokenize(c.text, c.params.use_stemmer === true), c.expected);
  } else if (c.level === "internal") {
    runInternal(c);
  } else if (c.level === "aggregate") {
    runAggregate(c);
  } else {
    assert.fail(`no runner for level ${String(c.level)}`);
  }
}

/** The files a case needs beyond the JSON, when the case says they were not included. */
function missingData(c: Case): string | undefined {
  if (c.data === undefined) return undefined;
  const needed = c.id.endsWith("MultiLine")
    ? ["pyrouge_files/target_multi.0.txt", "pyrouge_files/prediction_multi.249.txt"]
    : ["target_large.txt", "prediction_large.txt"];
  const absent = needed.filter((f) => !existsSync(join(TESTDATA, f)));
  return absent.length === 0 ? undefined : `needs rouge_score testdata in ${TESTDATA}: ${absent.join(", ")}`;
}

describe("rouge_cases.json (rouge_score reference vectors)", () => {
  it("has the 47 cases", () => {
    assert.equal(cases.length, 47);
    assert.equal(new Set(cases.map((c) => c.id)).size, 47);
  });

  for (const c of cases) {
    const missing = missingData(c);
    // A case whose data the fixture does not ship is reported as todo with the reason, never as a pass.
    it(c.id, missing === undefined ? {} : { todo: missing }, () => {
      if (missing !== undefined) assert.fail(missing);
      run(c);
    });
  }

  it("meanScore of the bootstrap cases' inputs is the mid value", () => {
    const c = cases.find((x) => x.id === "bootstrap_ci0");
    assert.ok(c);
    assertScore(meanScore(c.input.rouge1_scores), c.expected.mid, 1e-12);
  });
});
