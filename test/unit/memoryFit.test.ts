import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ModelDoesNotFitError } from "../../src/core/errors/modelDoesNotFitError";
import type { ModelSpec } from "../../src/core/registry/modelSpec";
import type { RunEvent } from "../../src/core/runner/events";
import { runBenchmark } from "../../src/core/runner/runBenchmark";
import type { Engine } from "../../src/core/engine/engine";
import { createLlamaCppEngine } from "../../src/engines/llamaCpp";
import { asFitError } from "../../src/engines/llamaCpp/fit";
import { loadNodeLlamaCpp } from "../../src/engines/llamaCpp/nodeLlamaCpp";
import { describeFit, estimateFitReport } from "../../src/core/registry/memoryFit";
import { runCli } from "../helpers/cli";
import { column, makeRunDir, readTable, runFiles } from "../helpers/runFixture";
import { ensureTestModel, loadMakeTestModel, repoRoot } from "../helpers/testModel";

// node-llama-cpp's real estimator (GGUF insights) on generated test models, CPU only, under RAM caps
// (LlamaCppEngineOptions.ramCapBytes → llama.setRamCap). The default test model needs ~4.3 MB at its
// 2,048-token context (almost all KV cache and compute buffers); the larger one (8 blocks) ~14 MB.
const MB = 1e6;
const BETWEEN = 9 * MB;
// Under this cap neither model fits a full 2,048-token context, but the small one fits a context sized to the
// fixture's rows (~1.9 MB at ~300 tokens) and the large one does not (~4.6 MB): one is rescued, one is skipped.
const ROW_CAP = 3 * MB;

let small: ModelSpec;
let large: ModelSpec;
const engines: Engine[] = [];

function engine(ramCapBytes?: number, logs?: string[]): Engine {
  const log = logs ? (_level: string, message: string) => void logs.push(message) : undefined;
  const created = createLlamaCppEngine({ modelsDir: "/nonexistent", threads: 1, gpu: false, allowDownload: false, ramCapBytes, log });
  engines.push(created);
  return created;
}

before(async () => {
  small = { name: "tiny", tier: "custom", source: { kind: "file", path: await ensureTestModel() } };
  const { ensureTestModel: ensure } = await loadMakeTestModel();
  const largePath = ensure(join(repoRoot(), ".cache", "models", "prompt-bench-test-8blocks.gguf"), { embedding: 128, blocks: 8, ff: 256 });
  large = { name: "tiny-8blocks", tier: "custom", source: { kind: "file", path: largePath } };
});
after(async () => {
  for (const e of engines) await e.dispose();
});

describe("memory fit with node-llama-cpp's estimator", () => {
  test("under a RAM cap far below its need the model does not fit, and the reason names both sizes", async () => {
    const report = await engine(1 * MB).checkFit!(small);
    assert.ok(report);
    assert.equal(report.fits, false);
    assert.ok(report.needRamBytes! > 1 * MB, `needs ${report.needRamBytes}`);
    assert.ok(report.freeRamBytes! <= 1 * MB, `free ${report.freeRamBytes}`);
    assert.equal(report.gpuLayers, 0);
    const need = (report.needRamBytes! / MB).toFixed(1);
    assert.equal(report.reason, `does not fit: needs ~${need} MB RAM, 1.0 MB (capped) free`);
  });

  test("with no cap it fits, on the CPU", async () => {
    const report = await engine().checkFit!(small);
    assert.ok(report);
    assert.equal(report.fits, true, report.reason);
    assert.ok(report.needRamBytes! > 0 && report.needRamBytes! < report.freeRamBytes!);
    assert.equal(report.totalLayers, 3, "2 blocks + the output layer");
    assert.match(report.reason, /^CPU only: needs [\d.]+ MB RAM, [\d.]+ (GB|MB) free$/);
  });

  test("the larger test model needs more than the cap the small one fits under", async () => {
    const capped = engine(BETWEEN);
    const smallFit = await capped.checkFit!(small);
    const largeFit = await capped.checkFit!(large);
    assert.equal(smallFit?.fits, true, smallFit?.reason);
    assert.equal(largeFit?.fits, false, largeFit?.reason);
    assert.ok(largeFit!.needRamBytes! > BETWEEN && smallFit!.needRamBytes! < BETWEEN);
  });

  test("load() refuses a model that does not fit with ModelDoesNotFitError, before loading it", async () => {
    await assert.rejects(engine(1 * MB).load(small), (error: unknown) => {
      assert.ok(error instanceof ModelDoesNotFitError);
      assert.equal(error.model, "tiny");
      assert.equal(error.report.fits, false);
      assert.match(error.message, /^tiny does not fit this machine: needs ~[\d.]+ MB RAM, 1\.0 MB \(capped\) free$/);
      return true;
    });
  });

  test("a run skips the model that does not fit, completes the other, and a rerun without the cap runs it", async () => {
    const dir = makeRunDir();
    const events: RunEvent[] = [];
    const run = (e: Engine) =>
      runBenchmark({
        ...runFiles(dir),
        models: [large, small],
        engine: e,
        maxNewTokens: 48,
        constrained: true,
        power: false,
        onEvent: (event) => events.push(event),
      });
    const engineLog: string[] = [];
    await run(engine(ROW_CAP, engineLog));

    const done = events.filter((e): e is Extract<RunEvent, { type: "model-done" }> => e.type === "model-done");
    assert.deepEqual(done.map((e) => [e.model, e.skipped]), [["tiny-8blocks", true], ["tiny", false]]);
    const reason = done[0]!.reason!;
    assert.match(reason, /^does not fit: needs ~1\d\.\d MB RAM, 3\.0 MB \(capped\) free$/);
    const rescued = engineLog.find((line) => line.startsWith("tiny: CPU only:"));
    assert.match(rescued ?? "", /with a \d+-token context sized to the rows$/, "the small model runs with a row-sized context");
    const warning = events.find((e) => e.type === "log" && e.level === "warn" && e.message.includes("tiny-8blocks does not fit"));
    assert.ok(warning, "the skip is logged as a warning");

    const meta = (): Record<string, { skipped?: string }> =>
      (JSON.parse(readFileSync(`${dir.output}.meta.json`, "utf8")) as { models: Record<string, { skipped?: string }> }).models;
    assert.equal(meta()["tiny-8blocks"]?.skipped, reason);
    assert.equal(meta().tiny?.skipped, undefined);

    const results = readTable(dir.output);
    assert.deepEqual(column(results, "raw_tiny__valid"), Array(6).fill("true"));
    assert.deepEqual(column(results, "raw_tiny-8blocks__valid"), Array(6).fill(""), "its rows stay empty, to resume");
    const metrics = readTable(dir.metrics);
    const skippedOf = (model: string) => column(metrics, "skipped").filter((_, i) => column(metrics, "model")[i] === model);
    assert.deepEqual(skippedOf("tiny-8blocks"), [reason, reason], "one metrics row per field, each with the reason");
    assert.deepEqual(skippedOf("tiny"), ["", ""]);

    events.length = 0;
    await run(engine());
    const again = events.filter((e): e is Extract<RunEvent, { type: "model-done" }> => e.type === "model-done");
    assert.deepEqual(again.map((e) => [e.model, e.skipped, e.reason]), [["tiny-8blocks", false, undefined], ["tiny", true, "already complete"]]);
    assert.equal(meta()["tiny-8blocks"]?.skipped, undefined, "cleared once it runs");
    assert.equal(readTable(dir.output).records.length, 6);
    assert.ok(column(readTable(dir.output), "raw_tiny-8blocks__valid").every((v) => v === "true" || v === "false"));
    assert.deepEqual(column(readTable(dir.metrics), "skipped"), ["", "", "", ""]);
  });
});

describe("memory-fit wording", () => {
  const GB = 1e9;
  const base = { totalLayers: 81, freeVramBytes: 24 * GB, freeRamBytes: 60 * GB, hasGpu: true };
  test("partial offload names the layers that would go on the GPU", () => {
    const report = describeFit({ ...base, gpuLayers: 40, needVramBytes: 22 * GB, needRamBytes: 22 * GB });
    assert.equal(report.fits, true);
    assert.equal(report.reason, "needs ~44.0 GB, 24.0 GB free: would run 40/81 layers on GPU, slow");
  });
  test("all layers on the GPU", () => {
    const report = describeFit({ ...base, gpuLayers: 81, needVramBytes: 5.1 * GB, needRamBytes: 0.4 * GB });
    assert.equal(report.reason, "fits on the GPU (5.1 GB of 24.0 GB free)");
  });
  test("too big for VRAM and RAM together", () => {
    const report = describeFit({ ...base, gpuLayers: 40, needVramBytes: 23 * GB, needRamBytes: 380 * GB });
    assert.equal(report.fits, false);
    assert.equal(report.reason, "does not fit: needs ~403.0 GB (23.0 GB VRAM + 380.0 GB RAM), 24.0 GB VRAM and 60.0 GB RAM free");
  });
  test("a missing file gets the file-size estimate, marked as such", () => {
    const report = estimateFitReport(42 * GB, { vram: 24 * GB, ram: 128 * GB });
    assert.equal(report.fits, true);
    assert.match(report.reason, /^estimate from the file size: needs ~50\.4 GB, only 24\.0 GB VRAM free/);
  });
  test("node-llama-cpp's InsufficientMemoryError at load becomes ModelDoesNotFitError; other errors pass through", async () => {
    const nlc = await loadNodeLlamaCpp();
    const converted = asFitError("m", new nlc.InsufficientMemoryError("A context size of 24 is too large for the available RAM"), nlc);
    assert.ok(converted instanceof ModelDoesNotFitError);
    assert.match(converted.report.reason, /too large for the available RAM/);
    const other = new Error("the file is not a GGUF");
    assert.equal(asFitError("m", other, nlc), other);
  });
});

test("prompt-bench models gives a present file node-llama-cpp's figure and a missing one the file-size estimate", () => {
  const dir = mkdtempSync(join(tmpdir(), "pb-fit-models-"));
  writeFileSync(join(dir, "models.json"), JSON.stringify([{ name: "tiny", path: small.source.kind === "file" ? small.source.path : "" }]));
  const r = runCli(["models", "--json", "--models-dir", join(dir, "empty"), "--models-file", join(dir, "models.json")]);
  assert.equal(r.status, 0, r.stderr);
  const list = JSON.parse(r.stdout) as { name: string; fits?: boolean; fit?: string }[];
  const tiny = list.find((m) => m.name === "tiny");
  assert.equal(tiny?.fits, true);
  assert.match(tiny?.fit ?? "", /^(CPU only: needs [\d.]+ MB RAM, |fits on the GPU \([\d.]+ MB of )/, "not the file-size estimate");
  assert.match(list.find((m) => m.name === "qwen2.5-72b")?.fit ?? "", /^estimate from the file size: needs ~56\.9 GB/);
});

test("prompt-bench run --ram-cap skips the model that needs more, prints why, and finishes the other", () => {
  const dir = makeRunDir();
  const paths = [large, small].map((m) => (m.source.kind === "file" ? m.source.path : ""));
  const args = ["run", "--prompt", dir.prompt, "--csv", dir.csv, "--output", dir.output, "--metrics", dir.metrics, "--model", paths.join(",")];
  const r = runCli([...args, "--gpu", "off", "--threads", "1", "--max-new-tokens", "48", "--constrained", "--ram-cap", "0.003"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^skipped prompt-bench-test-8blocks: does not fit: needs ~1\d\.\d MB RAM, 3\.0 MB \(capped\) free; its rows stay empty/m);
  assert.doesNotMatch(r.stdout, /skipped prompt-bench-test:/);
  const metrics = readTable(dir.metrics);
  assert.deepEqual(column(metrics, "model"), ["prompt-bench-test-8blocks", "prompt-bench-test-8blocks", "prompt-bench-test", "prompt-bench-test"]);
  assert.ok(column(metrics, "skipped").slice(0, 2).every((s) => s.startsWith("does not fit: needs ~")));
  assert.deepEqual(column(metrics, "skipped").slice(2), ["", ""]);
  assert.equal(runCli([...args, "--ram-cap", "0"]).status, 2, "a cap of 0 GB is bad usage");
});
