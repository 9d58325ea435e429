import assert from "node:assert/strict";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { PromptError } from "../../src/core/errors/promptError";
import { ModelFileMissingError } from "../../src/core/errors/modelFileMissingError";
import { UserError } from "../../src/core/errors/userError";
import { METRICS_HEADER } from "../../src/core/metrics/metricsCsv";
import { readMetricsCsv } from "../../src/core/metrics/readMetricsCsv";
import type { ModelSpec } from "../../src/core/registry/modelSpec";
import type { RunEvent } from "../../src/core/runner/events";
import type { RunOptions } from "../../src/core/runner/options";
import { runBenchmark } from "../../src/core/runner/runBenchmark";
import type { Engine } from "../../src/core/engine/engine";
import { createLlamaCppEngine } from "../../src/engines/llamaCpp";
import { column, makeRunDir, readTable, runFiles } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

let engine: Engine;
let model: ModelSpec;

before(async () => {
  const path = await ensureTestModel();
  model = { name: "tiny", tier: "custom", source: { kind: "file", path } };
  engine = createLlamaCppEngine({ modelsDir: "/nonexistent", threads: 1, gpu: false, allowDownload: false });
});
after(async () => engine.dispose());

function options(dir: ReturnType<typeof makeRunDir>, extra: Partial<RunOptions> = {}): RunOptions {
  return {
    ...runFiles(dir),
    models: [model],
    engine,
    maxNewTokens: 48,
    constrained: true,
    ...extra,
  };
}

describe("runBenchmark on the generated test model", () => {
  test("writes a pred_/raw_ value for every row and the seed's metrics header", async () => {
    const dir = makeRunDir();
    const summary = await runBenchmark(options(dir));
    const results = readTable(dir.output);
    assert.equal(results.records.length, 6);
    for (const name of ["pred_tiny_city", "pred_tiny_name", "raw_tiny", "raw_tiny__valid", "raw_tiny__tokens_out"]) {
      assert.ok(results.columns.includes(name), name);
    }
    // Constrained decoding yields schema-valid JSON on every row.
    assert.deepEqual(column(results, "raw_tiny__valid"), Array(6).fill("true"));
    assert.ok(column(results, "raw_tiny").every((raw) => raw.trim().startsWith("{")));
    const metrics = readTable(dir.metrics);
    assert.deepEqual(metrics.columns, [...METRICS_HEADER]);
    assert.deepEqual(column(metrics, "field"), ["city", "name"]);
    assert.deepEqual(column(metrics, "n_valid"), ["6", "6"]);
    assert.equal(column(metrics, "bertscore_f1")[0], "", "no BERTScore model here: empty, never made up");
    for (const name of ["rouge1", "rouge2", "rougeL", "bleu", "chrf", "exact_match"]) {
      assert.ok(column(metrics, name).every((v) => v !== "" && Number.isFinite(Number(v))), name);
    }
    assert.ok(Number(column(metrics, "tokens_out")[0]) > 0);
    assert.equal(summary.failures.length, 0);
    assert.ok(typeof summary.loadSeconds.tiny === "number" && summary.loadSeconds.tiny >= 0, "load time recorded");
    // A rerun with nothing left to do still reports the load time recorded beside the results.
    const again = await runBenchmark(options(dir));
    assert.equal(again.loadSeconds.tiny, summary.loadSeconds.tiny);
  });

  test("GPU power sampled during inference lands in the meta file and the metrics CSV's appended columns", async () => {
    const dir = makeRunDir();
    const smi = join(dir.dir, "fake-nvidia-smi");
    writeFileSync(smi, "#!/bin/sh\necho 120\n");
    chmodSync(smi, 0o755);
    await runBenchmark(options(dir, { power: { command: smi, intervalMs: 50 } }));
    const meta = JSON.parse(readFileSync(`${dir.output}.meta.json`, "utf8")) as { models: Record<string, Record<string, unknown>> };
    const tiny = meta.models.tiny!;
    assert.ok(Math.abs(Number(tiny.avgPowerW) - 120) < 1e-9, String(tiny.avgPowerW));
    assert.equal(tiny.peakPowerW, 120);
    assert.ok(typeof tiny.energyWh === "number" && tiny.energyWh > 0, "energy measured");
    assert.equal(tiny.powerUnavailable, undefined);
    const metrics = readTable(dir.metrics);
    assert.deepEqual(metrics.columns.slice(15, 21), ["load_s", "latency_p50_s", "latency_p95_s", "energy_wh", "power_avg_w", "power_peak_w"]);
    assert.deepEqual(column(metrics, "power_avg_w"), ["120", "120"]);
    assert.ok(Number(column(metrics, "energy_wh")[0]) > 0);
    const seconds = column(readTable(dir.output), "raw_tiny__seconds").map(Number).sort((a, b) => a - b);
    assert.equal(Number(column(metrics, "latency_p50_s")[0]), Math.round(seconds[2]! * 10000) / 10000, "nearest rank: 3rd of 6");
    assert.equal(Number(column(metrics, "latency_p95_s")[0]), Math.round(seconds[5]! * 10000) / 10000, "nearest rank: 6th of 6");
    assert.ok(Number(column(metrics, "load_s")[0]) >= 0 && column(metrics, "load_s")[0] !== "");
  });

  test("without nvidia-smi the power columns stay empty and a log says why", async () => {
    const dir = makeRunDir();
    const events: RunEvent[] = [];
    const missing = join(dir.dir, "no-such-nvidia-smi");
    const summary = await runBenchmark(options(dir, { power: { command: missing, intervalMs: 50 }, onEvent: (e) => events.push(e) }));
    assert.ok(events.some((e) => e.type === "log" && e.message.includes(`${missing} not found`)), "the reason is logged");
    const meta = JSON.parse(readFileSync(`${dir.output}.meta.json`, "utf8")) as { models: Record<string, Record<string, unknown>> };
    assert.equal(meta.models.tiny!.powerUnavailable, `${missing} not found`);
    assert.equal(meta.models.tiny!.energyWh, undefined);
    const metrics = readTable(dir.metrics);
    for (const name of ["energy_wh", "power_avg_w", "power_peak_w"]) assert.deepEqual(column(metrics, name), ["", ""], name);
    assert.ok(column(metrics, "latency_p50_s").every((v) => v !== ""), "latency is known without a GPU");
    assert.equal(summary.metrics[0]?.energy_wh, undefined);
  });

  test("unconstrained output that fails validation is reported with the row's CSV line", async () => {
    const dir = makeRunDir();
    const summary = await runBenchmark(options(dir, { constrained: false }));
    const results = readTable(dir.output);
    const invalid = column(results, "raw_tiny__valid").flatMap((v, i) => (v === "false" ? [i] : []));
    assert.ok(invalid.length > 0, "a random model should fail validation somewhere");
    assert.deepEqual(summary.failures.map((f) => f.rowIndex), invalid);
    // Row 2 starts on line 3; its multi-line cell pushes row 3 to line 5.
    const input = readTable(dir.csv);
    for (const failure of summary.failures) assert.equal(failure.line, input.records[failure.rowIndex]?.line);
    assert.deepEqual(input.records.map((r) => r.line), [2, 3, 5, 6, 7, 8]);
    assert.ok(summary.failures.every((f) => f.error.length > 0));
  });

  test("a cancelled run keeps finished rows and a rerun does only the rest", async () => {
    const dir = makeRunDir();
    const controller = new AbortController();
    let rows = 0;
    const first = await runBenchmark(
      options(dir, {
        signal: controller.signal,
        saveEveryRows: 100,
        onEvent: (e) => {
          if (e.type === "row-done" && ++rows === 2) controller.abort();
        },
      }),
    );
    assert.equal(first.cancelled, true);
    const partial = readTable(dir.output);
    assert.deepEqual(column(partial, "raw_tiny__valid"), ["true", "true", "", "", "", ""]);
    const kept = column(partial, "raw_tiny").slice(0, 2);

    const events: RunEvent[] = [];
    await runBenchmark(options(dir, { onEvent: (e) => events.push(e) }));
    assert.deepEqual(events.filter((e) => e.type === "row-done").map((e) => (e.type === "row-done" ? e.rowIndex : -1)), [2, 3, 4, 5]);
    const full = readTable(dir.output);
    assert.deepEqual(column(full, "raw_tiny").slice(0, 2), kept);
    assert.ok(column(full, "raw_tiny__valid").every((v) => v === "true"));

    const again: RunEvent[] = [];
    await runBenchmark(options(dir, { onEvent: (e) => again.push(e) }));
    assert.ok(again.some((e) => e.type === "model-done" && e.skipped), "a complete model is skipped");
    assert.equal(again.filter((e) => e.type === "row-done").length, 0);
  });

  test("re-scoring with skipInference reproduces the metrics", async () => {
    const dir = makeRunDir();
    await runBenchmark(options(dir));
    const before = readFileSync(dir.metrics, "utf8");
    const rescored = dir.metrics.replace(".csv", ".again.csv");
    await runBenchmark({ ...options(dir), csvFile: dir.output, engine: undefined, models: [], skipInference: true, promptFile: "", metricsFile: rescored });
    assert.equal(readFileSync(rescored, "utf8"), before);
  });

  test("bad input fails before anything is written over earlier results", async () => {
    const dir = makeRunDir();
    await runBenchmark(options(dir));
    const results = readFileSync(dir.output, "utf8");
    const metrics = readFileSync(dir.metrics, "utf8");

    writeFileSync(dir.prompt, "no placeholder here");
    await assert.rejects(runBenchmark(options(dir)), PromptError);
    writeFileSync(dir.prompt, "Changed prompt: {source}");
    await assert.rejects(runBenchmark(options(dir)), (e: unknown) => e instanceof UserError && /different prompt text/.test(e.message));
    const missing: ModelSpec = { name: "gone", tier: "custom", source: { kind: "file", path: `${dir.dir}/gone.gguf` } };
    await assert.rejects(runBenchmark(options(dir, { models: [missing] })), ModelFileMissingError);
    writeFileSync(dir.csv, "source,name\nother row,x\n");
    await assert.rejects(runBenchmark(options(dir)), (e: unknown) => e instanceof UserError && /different rows/.test(e.message));

    assert.equal(readFileSync(dir.output, "utf8"), results);
    assert.equal(readFileSync(dir.metrics, "utf8"), metrics);
    assert.equal(existsSync(`${dir.output}.journal`), false);
  });
});

test("a metrics CSV reads back into the rows that were written", async () => {
  const dir = makeRunDir();
  const summary = await runBenchmark(options(dir));
  const back = await readMetricsCsv(dir.metrics);
  assert.equal(back.length, summary.metrics.length);
  back.forEach((row, i) => {
    const written = summary.metrics[i]!;
    assert.equal(row.model, written.model);
    assert.equal(row.n_valid, written.n_valid);
    assert.equal(row.bertscore_f1, undefined);
    assert.ok(Math.abs((row.bleu ?? NaN) - (written.bleu ?? NaN)) < 1e-3);
    assert.ok(Math.abs(row.tokens_per_sec - written.tokens_per_sec) < 1e-3);
  });
  await assert.rejects(readMetricsCsv(dir.csv), /not a Prompt Bench metrics file/);
});
