import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseCsv } from "../../src/core/csv/read";
import type { CsvTable } from "../../src/core/csv/table";
import { describeSampling } from "../../src/core/engine/sampling";
import { agreement } from "../../src/core/rounds/agreement";
import { combineAnswers } from "../../src/core/rounds/combine";
import { ensembleCells, membersHaveConfidence } from "../../src/core/rounds/ensembleCells";
import { ensembleModelName } from "../../src/core/rounds/ensembleStrategy";
import { meanSd } from "../../src/core/rounds/meanSd";
import { agreementFile, roundFile, roundSeed, roundsSummaryFile } from "../../src/core/rounds/roundPaths";
import { formatRoundsCsv, rowAgreements, summariseRounds } from "../../src/core/rounds/roundsSummary";
import type { MetricsRow } from "../../src/core/runner/options";
import { chatBody } from "../../src/engines/openai/chatBody";
import { parseRunArgs } from "../../src/cli/args";
import { UsageError } from "../../src/cli/usageError";

const csv = (text: string): CsvTable => parseCsv(Buffer.from(text), "t.csv");
const answers = (...values: string[]) => values.map((value) => ({ value }));

describe("ensemble strategies (combineAnswers)", () => {
  test("majority: most frequent non-blank answer, exact after trimming", () => {
    assert.equal(combineAnswers("majority", answers("Berlin", " Paris", "Paris ", "")), "Paris");
    assert.equal(combineAnswers("majority", answers("", "", "Rome")), "Rome", "blanks never outvote an answer");
    assert.equal(combineAnswers("majority", answers("", " ")), "");
    assert.equal(combineAnswers("majority", answers("paris", "Paris")), "paris", "case counts: two answers, a tie");
  });

  test("majority: a tie goes to the answer that comes first in model order", () => {
    assert.equal(combineAnswers("majority", answers("B", "A", "A", "B")), "B");
    assert.equal(combineAnswers("majority", answers("", "C", "D")), "C");
    assert.equal(combineAnswers("majority", answers("D", "C", "C", "D", "E")), "D");
  });

  test("first_non_blank: model order", () => {
    assert.equal(combineAnswers("first_non_blank", answers("", "  ", "x", "y")), "x");
    assert.equal(combineAnswers("first_non_blank", answers("a", "b")), "a");
    assert.equal(combineAnswers("first_non_blank", answers("", "")), "");
  });

  test("confidence: the highest confidence wins, ties in model order, members without one passed over", () => {
    assert.equal(combineAnswers("confidence", [{ value: "a", confidence: 0.4 }, { value: "b", confidence: 0.9 }, { value: "c", confidence: 0.5 }]), "b");
    assert.equal(combineAnswers("confidence", [{ value: "a", confidence: 0.7 }, { value: "b", confidence: 0.7 }]), "a");
    assert.equal(combineAnswers("confidence", [{ value: "a" }, { value: "b", confidence: 0.1 }]), "b");
    assert.equal(combineAnswers("confidence", [{ value: "", confidence: 1 }, { value: "b", confidence: 0.1 }]), "b", "a blank never wins");
    assert.equal(combineAnswers("confidence", [{ value: "a" }]), "");
  });

  test("the virtual model's name", () => {
    assert.equal(ensembleModelName("majority"), "ensemble-majority");
    assert.equal(ensembleModelName("first_non_blank"), "ensemble-first-non-blank");
  });
});

describe("ensembleCells on constructed results", () => {
  const results = csv(
    [
      "source,city,pred_a_city,raw_a,raw_a__valid,raw_a__tokens_in,raw_a__tokens_out,raw_a__seconds,pred_b_city,raw_b,raw_b__valid,raw_b__tokens_in,raw_b__tokens_out,raw_b__seconds,pred_c_city,raw_c,raw_c__valid,raw_c__tokens_in,raw_c__tokens_out,raw_c__seconds",
      "s1,Rome,Rome,r,true,10,2,0.5,Paris,r,true,11,3,0.25,Paris,r,true,12,4,0.25",
      "s2,Oslo,,r,false,10,2,0.5,Oslo,r,true,11,3,0.25,Bern,r,true,12,4,0.25",
      "s3,Bonn,,r,false,1,1,1,,r,false,1,1,1,,r,false,1,1,1",
      "s4,Kiel,Kiel,r,true,1,1,1,,,,,,,Kiel,r,true,1,1,1",
    ].join("\n"),
  );
  const members = ["a", "b", "c"].map((model) => ({ table: results, model }));

  test("majority and first_non_blank per row; tokens and seconds summed; a row not finished by all is left out", () => {
    const majority = ensembleCells("ensemble-majority", "majority", members, ["city"]);
    assert.deepEqual([...majority.keys()], [0, 1, 2], "row 4: member b has not run it");
    assert.equal(majority.get(0)!["pred_ensemble-majority_city"], "Paris");
    assert.equal(majority.get(1)!["pred_ensemble-majority_city"], "Oslo", "tie Oslo/Bern: b comes before c");
    assert.equal(majority.get(2)!["pred_ensemble-majority_city"], "");
    assert.equal(majority.get(0)!["raw_ensemble-majority__valid"], "true");
    assert.equal(majority.get(2)!["raw_ensemble-majority__valid"], "false");
    assert.equal(majority.get(0)!["raw_ensemble-majority__tokens_in"], "33");
    assert.equal(majority.get(0)!["raw_ensemble-majority__tokens_out"], "9");
    assert.equal(majority.get(0)!["raw_ensemble-majority__seconds"], "1.0000");
    assert.deepEqual(JSON.parse(majority.get(0)!["raw_ensemble-majority"]!), { city: "Paris" });
    const first = ensembleCells("ensemble-first-non-blank", "first_non_blank", members, ["city"]);
    assert.equal(first.get(0)!["pred_ensemble-first-non-blank_city"], "Rome");
    assert.equal(first.get(1)!["pred_ensemble-first-non-blank_city"], "Oslo");
    assert.equal(membersHaveConfidence(members), false);
  });

  test("confidence reads raw_<model>__confidence where a member has it", () => {
    const withConfidence = csv("pred_a_x,raw_a__valid,raw_a__confidence,pred_b_x,raw_b__valid,raw_b__confidence\nlow,true,0.2,high,true,0.8\n");
    const pair = ["a", "b"].map((model) => ({ table: withConfidence, model }));
    assert.equal(membersHaveConfidence(pair), true);
    assert.equal(ensembleCells("e", "confidence", pair, ["x"]).get(0)!["pred_e_x"], "high");
  });
});

describe("rounds: paths, seeds, mean ± sd, agreement", () => {
  test("round files, rounds and agreement files", () => {
    assert.equal(roundFile("/d/x.results.csv", 1), "/d/x.results.csv");
    assert.equal(roundFile("/d/x.results.csv", 2), "/d/x.r2.results.csv");
    assert.equal(roundFile("/d/x.metrics.csv", 3), "/d/x.r3.metrics.csv");
    assert.equal(roundFile("/d/out.csv", 2), "/d/out.r2.csv");
    assert.equal(roundsSummaryFile("/d/x.results.csv"), "/d/x.rounds.csv");
    assert.equal(agreementFile("/d/x.results.csv"), "/d/x.agreement.csv");
    assert.deepEqual([1, 2, 3].map((r) => roundSeed(7, r)), [7, 8, 9]);
    assert.deepEqual([1, 2].map((r) => roundSeed(undefined, r)), [1, 2]);
  });

  test("meanSd: sample standard deviation (n − 1), by hand", () => {
    const { mean, sd } = meanSd([2, 4, 4, 4, 5, 5, 7, 9]);
    assert.equal(mean, 5);
    assert.ok(Math.abs(sd! - Math.sqrt(32 / 7)) < 1e-12);
    assert.deepEqual(meanSd([3, undefined]), { mean: 3, n: 1 });
    assert.deepEqual(meanSd([]), { n: 0 });
  });

  test("agreement: share of rounds with the modal answer; blank is an answer", () => {
    assert.deepEqual(agreement(["a", "a", "b"]), { modal: "a", share: 2 / 3 });
    assert.deepEqual(agreement(["a", "b", "c"]), { modal: "a", share: 1 / 3 });
    assert.deepEqual(agreement(["", " ", "x"]), { modal: "", share: 2 / 3 });
    assert.deepEqual(agreement(["b", "a", "a", "b"]), { modal: "b", share: 0.5 });
  });

  test("rowAgreements and summariseRounds against hand-computed values", () => {
    const round = (a: string, b: string): CsvTable => csv(`source,f,pred_m_f,raw_m__valid\ns1,x,${a},true\ns2,y,${b},true\ns3,z,q,\n`);
    const tables = [round("x", "y"), round("x", "n"), round("w", "n")];
    const rows = rowAgreements(tables, ["m"], ["f"]);
    assert.deepEqual(rows.map((r) => [r.row, r.line, r.modal, r.agreement]), [[1, 2, "x", 2 / 3], [2, 3, "n", 2 / 3]], "row 3 is unfinished");
    const metrics = (exact: number, chrf: number): MetricsRow => ({ model: "m", field: "f", n_total: 3, n_valid: 2, exact_match: exact, chrf, runtime_s: 1, tokens_in: 1, tokens_out: 1, tokens_per_sec: 1 });
    const [summary] = summariseRounds([[metrics(50, 60)], [metrics(0, 40)], [metrics(50, 20)]], rows);
    assert.equal(summary!.rounds, 3);
    assert.ok(Math.abs(summary!.stats.exact_match.mean! - 100 / 3) < 1e-9);
    assert.ok(Math.abs(summary!.stats.exact_match.sd! - Math.sqrt(((50 - 100 / 3) ** 2 * 2 + (100 / 3) ** 2) / 2)) < 1e-9);
    assert.equal(summary!.stats.chrf.mean, 40);
    assert.equal(summary!.stats.chrf.sd, 20);
    assert.equal(summary!.stats.rougeL.mean, undefined);
    assert.ok(Math.abs(summary!.agreementMean! - 2 / 3) < 1e-12);
    const text = formatRoundsCsv([summary!]);
    assert.match(text.split(/\r?\n/)[0]!, /^model,field,rounds,exact_match_mean,exact_match_sd,chrf_mean,chrf_sd,/);
    assert.match(text, /m,f,3,33\.333333,28\.867513,40,20,/);
  });
});

describe("sampling settings", () => {
  test("the OpenAI request carries temperature, top_p, seed and top_k only when set", () => {
    const greedy = chatBody("m", { prompt: "p", maxNewTokens: 5 }, false);
    assert.equal(greedy.temperature, 0);
    assert.equal("top_p" in greedy || "seed" in greedy || "top_k" in greedy, false);
    const sampled = chatBody("m", { prompt: "p", maxNewTokens: 5, sampling: { temperature: 0.7, topP: 0.9, topK: 40, seed: 3 } }, false);
    assert.deepEqual([sampled.temperature, sampled.top_p, sampled.top_k, sampled.seed], [0.7, 0.9, 40, 3]);
  });

  test("CLI flags parse into the run's sampling; bad values are usage errors", () => {
    const base = ["--csv", "a.csv", "--prompt", "p.txt"];
    const args = parseRunArgs([...base, "--temperature", "0.8", "--top-p", "0.95", "--top-k", "20", "--seed", "42", "--repeat", "3", "--ensemble", "majority"]);
    assert.deepEqual(args.sampling, { temperature: 0.8, topP: 0.95, topK: 20, seed: 42 });
    assert.equal(args.repeat, 3);
    assert.equal(args.ensemble, "majority");
    const plain = parseRunArgs(base);
    assert.equal(plain.sampling, undefined);
    assert.equal(plain.repeat, 1);
    for (const bad of [["--temperature", "3"], ["--temperature", "x"], ["--top-p", "1.5"], ["--top-k", "0"], ["--seed", "-1"], ["--seed", "1.5"], ["--repeat", "0"], ["--ensemble", "vote"]]) {
      assert.throws(() => parseRunArgs([...base, ...bad]), (e: unknown) => e instanceof UsageError && e.message.includes(bad[0]!), bad.join(" "));
    }
    assert.equal(describeSampling(args.sampling), "temperature 0.8, top-p 0.95, top-k 20, seed 42");
    assert.equal(describeSampling(undefined), "greedy");
  });
});
