import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { readMetricsCsv } from "../../src/core/metrics/readMetricsCsv";
import type { ModelSpec } from "../../src/core/registry/modelSpec";
import type { RunEvent } from "../../src/core/runner/events";
import { runBenchmark } from "../../src/core/runner/runBenchmark";
import type { Engine } from "../../src/core/engine/engine";
import { createLlamaCppEngine } from "../../src/engines/llamaCpp";
import { column, makeRunDir, readTable, runFiles } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

// Hardware figures from the real node-llama-cpp on the generated test model, CPU only (gpu: false).
let engine: Engine;
let model: ModelSpec;
let modelPath: string;

before(async () => {
  modelPath = await ensureTestModel();
  model = { name: "tiny", tier: "custom", source: { kind: "file", path: modelPath } };
  engine = createLlamaCppEngine({ modelsDir: "/nonexistent", threads: 1, gpu: false, allowDownload: false });
});
after(async () => engine.dispose());

describe("hardware facts of the llama.cpp engine on the CPU", () => {
  test("file size, 0 of N layers on the GPU, no GPU names; RAM peak measured, VRAM not, each with the reason", async () => {
    const loaded = await engine.load(model);
    try {
      const facts = loaded.facts;
      assert.ok(facts);
      assert.equal(facts.fileBytes, statSync(modelPath).size);
      assert.equal(facts.gpuLayers, 0);
      assert.ok((facts.totalLayers ?? 0) > 0, `totalLayers ${facts.totalLayers}`);
      assert.deepEqual(facts.gpuNames, []);
      assert.deepEqual(facts.unavailable, { gpuNames: "no GPU: running on the CPU" });

      const result = await loaded.generate({ prompt: "Say something.", maxNewTokens: 16 });
      assert.ok(result.tokensOut > 0);
      assert.ok(result.ttftSeconds !== undefined && result.ttftSeconds > 0, `ttft ${result.ttftSeconds}`);
      assert.ok(result.ttftSeconds <= result.seconds, `ttft ${result.ttftSeconds} > ${result.seconds}`);

      const peak = loaded.memoryPeak?.();
      assert.ok(peak);
      assert.ok((peak.ramPeakBytes ?? 0) >= process.memoryUsage.rss() * 0.5, `ram peak ${peak.ramPeakBytes}`);
      assert.equal(peak.vramPeakBytes, undefined);
      assert.deepEqual(peak.unavailable, { vramPeakBytes: "no GPU: running on the CPU" });
    } finally {
      await loaded.dispose();
    }
  });
});

describe("a run without nvidia-smi on PATH", () => {
  test("fills file size, GPU layers, RAM peak and TTFT; GPU names, VRAM and power empty with the reasons logged once", async () => {
    const dir = makeRunDir();
    const events: RunEvent[] = [];
    const savedPath = process.env.PATH;
    process.env.PATH = mkdtempSync(join(tmpdir(), "pb-nosmi-")); // holds no nvidia-smi
    try {
      await runBenchmark({
        ...runFiles(dir),
        models: [model],
        engine,
        maxNewTokens: 24,
        constrained: true,
        power: { intervalMs: 50 },
        onEvent: (e) => events.push(e),
      });
    } finally {
      process.env.PATH = savedPath;
    }
    const logs = events.flatMap((e) => (e.type === "log" ? [e.message] : []));
    const hardwareLogs = logs.filter((m) => m.startsWith("tiny: hardware figures left empty"));
    assert.deepEqual(hardwareLogs, ["tiny: hardware figures left empty (gpu_names, vram_peak_gb: no GPU: running on the CPU)"]);
    assert.equal(logs.filter((m) => m.includes("nvidia-smi not found")).length, 1, logs.join("\n"));

    const meta = JSON.parse(readFileSync(`${dir.output}.meta.json`, "utf8")) as { models: Record<string, Record<string, unknown>> };
    const tiny = meta.models.tiny!;
    assert.equal(tiny.fileBytes, statSync(modelPath).size);
    assert.equal(tiny.gpuLayers, 0);
    assert.ok(Number(tiny.ramPeakBytes) > 0);
    assert.equal(tiny.vramPeakBytes, undefined);
    assert.deepEqual(tiny.hardwareUnavailable, { gpuNames: "no GPU: running on the CPU", vramPeakBytes: "no GPU: running on the CPU" });

    const results = readTable(dir.output);
    const ttft = column(results, "raw_tiny__ttft_s");
    const seconds = column(results, "raw_tiny__seconds");
    ttft.forEach((t, i) => {
      assert.notEqual(t, "", `row ${i}: ttft_s filled`);
      assert.ok(Number(t) > 0 && Number(t) <= Number(seconds[i]), `row ${i}: ttft ${t} ≤ seconds ${seconds[i]}`);
    });

    const metrics = readTable(dir.metrics);
    const one = (name: string): string => {
      const values = column(metrics, name);
      assert.ok(values.every((v) => v === values[0]), `${name} repeats per field`);
      return values[0]!;
    };
    assert.equal(one("model_file_gb"), String(Math.round((statSync(modelPath).size / 1e9) * 10000) / 10000));
    assert.equal(one("gpu_layers"), `0/${String(tiny.totalLayers)}`);
    assert.ok(Number(one("ram_peak_gb")) > 0, one("ram_peak_gb"));
    for (const name of ["gpu_names", "vram_peak_gb", "energy_wh", "power_avg_w", "power_peak_w"]) assert.equal(one(name), "", `${name} empty, never 0`);
    const ttfts = ttft.map(Number).sort((a, b) => a - b);
    assert.equal(Number(one("ttft_p50_s")), Math.round(ttfts[2]! * 10000) / 10000, "nearest rank: 3rd of 6");
    assert.equal(Number(one("ttft_p95_s")), Math.round(ttfts[5]! * 10000) / 10000, "nearest rank: 6th of 6");

    const [back] = await readMetricsCsv(dir.metrics);
    assert.equal(back?.gpu_layers, `0/${String(tiny.totalLayers)}`);
    assert.equal(back?.gpu_names, undefined);
  });
});
