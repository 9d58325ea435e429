import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import type { Engine } from "../../src/core/engine/engine";
import { readMetricsCsv } from "../../src/core/metrics/readMetricsCsv";
import type { ModelSpec } from "../../src/core/registry/modelSpec";
import { roundFile } from "../../src/core/rounds/roundPaths";
import { runRounds } from "../../src/core/rounds/runRounds";
import { UserError } from "../../src/core/errors/userError";
import type { RunEvent } from "../../src/core/runner/events";
import type { RunOptions } from "../../src/core/runner/options";
import { runBenchmark } from "../../src/core/runner/runBenchmark";
import { createLlamaCppEngine } from "../../src/engines/llamaCpp";
import { column, makeRunDir, readTable, runFiles } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

let engine: Engine;
let model: ModelSpec;
const TIMEOUT = { timeout: 600_000 };

before(async () => {
  const path = await ensureTestModel();
  model = { name: "tiny", tier: "custom", source: { kind: "file", path } };
  engine = createLlamaCppEngine({ modelsDir: "/nonexistent", threads: 1, gpu: false, allowDownload: false });
});
after(async () => engine.dispose());

function options(dir: ReturnType<typeof makeRunDir>, extra: Partial<RunOptions> = {}): RunOptions {
  return { ...runFiles(dir), models: [model], engine, maxNewTokens: 48, constrained: true, confidenceIntervals: false, ...extra };
}

const preds = (file: string): string[] => {
  const table = readTable(file);
  return [...column(table, "pred_tiny_name"), ...column(table, "pred_tiny_city")];
};
const meta = (file: string): Record<string, { sampling?: string }> => (JSON.parse(readFileSync(`${file}.meta.json`, "utf8")) as { models: Record<string, { sampling?: string }> }).models;

describe("sampling settings reach node-llama-cpp", () => {
  test("temperature 0 twice: identical; the same seed twice at temperature 1: identical; sampling recorded per seed", TIMEOUT, async () => {
    const runs: Record<string, string[]> = {};
    const metas: Record<string, string | undefined> = {};
    for (const [key, sampling] of Object.entries({ greedyA: undefined, greedyB: { temperature: 0 }, seed1a: { temperature: 1, seed: 1 }, seed1b: { temperature: 1, seed: 1 }, seed2: { temperature: 1, seed: 2 } })) {
      const dir = makeRunDir();
      await runBenchmark(options(dir, { sampling, skipMetrics: true }));
      runs[key] = preds(dir.output);
      metas[key] = meta(dir.output).tiny!.sampling;
    }
    assert.deepEqual(runs.greedyA, runs.greedyB);
    assert.deepEqual(runs.seed1a, runs.seed1b, "one seed, one output");
    // The test model's next-token distribution is nearly flat, so sampling at temperature 1 leaves greedy's answers
    // on some of the 12 cells (fixed seeds: the same on every run of this test).
    assert.notDeepEqual(runs.seed1a, runs.greedyA, "temperature 1 samples (the old engine decoded greedily whatever was asked)");
    assert.deepEqual([metas.greedyA, metas.seed1a, metas.seed2], [undefined, "temperature 1, seed 1", "temperature 1, seed 2"]);
  });

  test("resuming a results file with another sampling setting is refused, nothing changed", TIMEOUT, async () => {
    const dir = makeRunDir();
    await runBenchmark(options(dir, { sampling: { temperature: 1, seed: 1 }, skipMetrics: true }));
    const before = readFileSync(dir.output, "utf8");
    await assert.rejects(runBenchmark(options(dir, { sampling: { temperature: 1, seed: 9 }, skipMetrics: true })), (e: unknown) => e instanceof UserError && /sampling setting/.test(e.message));
    assert.equal(readFileSync(dir.output, "utf8"), before);
  });
});

describe("--repeat rounds on the test model", () => {
  test("3 rounds: 3 results files with seeds s, s+1, s+2; mean ± sd and agreement equal hand computation", TIMEOUT, async () => {
    const dir = makeRunDir();
    const summary = await runRounds(options(dir, { sampling: { temperature: 1, seed: 5 } }), { repeat: 3 });
    const files = [1, 2, 3].map((r) => roundFile(dir.output, r));
    assert.deepEqual(files.map((f) => meta(f).tiny!.sampling), ["temperature 1, seed 5", "temperature 1, seed 6", "temperature 1, seed 7"]);
    const perRound = await Promise.all([1, 2, 3].map((r) => readMetricsCsv(roundFile(dir.metrics, r))));
    const rounds = readTable(summary.roundsFile!);
    const cellOf = (field: string, name: string): string => rounds.records.find((r) => r.values[1] === field)!.values[rounds.columns.indexOf(name)]!;
    for (const field of ["name", "city"]) {
      const chrf = perRound.map((rows) => rows.find((r) => r.model === "tiny" && r.field === field)!.chrf!);
      const mean = (chrf[0]! + chrf[1]! + chrf[2]!) / 3;
      const sd = Math.sqrt(chrf.reduce((a, x) => a + (x - mean) ** 2, 0) / 2);
      assert.ok(Math.abs(Number(cellOf(field, "chrf_mean")) - mean) < 1e-5, `${field} chrf mean`);
      assert.ok(Math.abs(Number(cellOf(field, "chrf_sd")) - sd) < 1e-5, `${field} chrf sd`);
      assert.equal(cellOf(field, "rounds"), "3");
      // Agreement by hand: per row, the share of the 3 rounds giving the most frequent answer.
      const answers = files.map((f) => column(readTable(f), `pred_tiny_${field}`));
      const shares = answers[0]!.map((_, row) => {
        const values = answers.map((a) => a[row]!.trim());
        return Math.max(...values.map((v) => values.filter((w) => w === v).length)) / 3;
      });
      const agreementRows = readTable(summary.agreementFile!).records.filter((r) => r.values[3] === field);
      assert.deepEqual(agreementRows.map((r) => Number(r.values[4])), shares.map((s) => Number(s.toFixed(6))));
      const meanShare = shares.reduce((a, b) => a + b, 0) / shares.length;
      assert.ok(Math.abs(Number(cellOf(field, "agreement_mean")) - meanShare) < 1e-5, `${field} agreement mean`);
    }
  });

  test("a run cancelled in round 2 resumes round 2; round 1 is not redone", TIMEOUT, async () => {
    const dir = makeRunDir();
    const controller = new AbortController();
    let round2Rows = 0;
    const first = await runRounds(options(dir, {
      sampling: { temperature: 1, seed: 3 },
      signal: controller.signal,
      onEvent: (event: RunEvent) => {
        if (event.type === "row-done" && existsRound2(dir.output) && ++round2Rows === 2) controller.abort();
      },
    }), { repeat: 3 });
    assert.equal(first.cancelled, true);
    const round1 = readFileSync(dir.output, "utf8");
    const round2Before = readTable(roundFile(dir.output, 2));
    const doneBefore = column(round2Before, "raw_tiny__valid").filter((v) => v !== "").length;
    assert.ok(doneBefore >= 2 && doneBefore < 6, `round 2 partly done (${doneBefore} rows)`);
    assert.equal(first.roundsFile, undefined, "no rounds summary before every round finished");

    const events: RunEvent[] = [];
    const second = await runRounds(options(dir, { sampling: { temperature: 1, seed: 3 }, onEvent: (e) => events.push(e) }), { repeat: 3 });
    assert.equal(second.cancelled, false);
    const starts = events.filter((e): e is Extract<RunEvent, { type: "model-start" }> => e.type === "model-start");
    assert.deepEqual(starts.map((s) => s.rowsDone), [6, doneBefore, 0], "round 1 complete, round 2 resumed, round 3 fresh");
    assert.equal(events.filter((e) => e.type === "model-loaded").length, 2, "round 1's model was not loaded again");
    assert.equal(readFileSync(dir.output, "utf8"), round1, "round 1's results untouched");
    const round2After = readTable(roundFile(dir.output, 2));
    for (let row = 0; row < 6; row++) {
      if (round2Before.records[row]!.values[round2Before.columns.indexOf("raw_tiny__valid")] === "") continue;
      assert.deepEqual(round2After.records[row]!.values, round2Before.records[row]!.values, `round 2 row ${row + 1} kept`);
    }
    assert.ok(second.roundsFile);
  });
});

describe("--ensemble on the test model", () => {
  test("two models: ensemble-majority written to the results and scored in the metrics CSV", TIMEOUT, async () => {
    const dir = makeRunDir();
    const other: ModelSpec = { ...model, name: "tiny2" };
    const summary = await runRounds(options(dir, { models: [model, other], sampling: { temperature: 1, seed: 11 } }), { repeat: 1, ensemble: "majority" });
    const results = readTable(dir.output);
    const a = column(results, "pred_tiny_city");
    const b = column(results, "pred_tiny2_city");
    const ensemble = column(results, "pred_ensemble-majority_city");
    // Two members: the majority is the first non-blank answer unless both agree (a tie goes to model order).
    assert.deepEqual(ensemble, a.map((x, i) => (x.trim() !== "" ? x.trim() : b[i]!.trim())));
    const metrics = await readMetricsCsv(dir.metrics);
    assert.deepEqual([...new Set(metrics.map((m) => m.model))], ["tiny", "tiny2", "ensemble-majority"]);
    assert.ok(summary.metrics.some((m) => m.model === "ensemble-majority" && m.n_valid === 6));
  });

  test("one model without --repeat, confidence, and --repeat with --skip-inference are refused before any inference", async () => {
    const dir = makeRunDir();
    await assert.rejects(runRounds(options(dir), { repeat: 1, ensemble: "majority" }), (e: unknown) => e instanceof UserError && /--repeat/.test(e.message));
    await assert.rejects(runRounds(options(dir), { repeat: 2, ensemble: "confidence" }), (e: unknown) => e instanceof UserError && /token|probabilit/.test(e.message));
    await assert.rejects(runRounds(options(dir, { skipInference: true }), { repeat: 2 }), (e: unknown) => e instanceof UserError && /--skip-inference/.test(e.message));
    assert.throws(() => readFileSync(dir.output));
  });
});

function existsRound2(output: string): boolean {
  try {
    readFileSync(`${roundFile(output, 2)}.meta.json`);
    return true;
  } catch {
    return false;
  }
}
