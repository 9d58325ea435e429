import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { describeUnavailable, hardwareColumns, hardwareRecord } from "../../src/core/hardware/hardwareRecord";
import { MemoryPeakSampler } from "../../src/core/hardware/memoryPeakSampler";
import { ggufParts, modelFileBytes } from "../../src/core/hardware/modelFiles";
import { isPowerMeasurement, PowerSampler } from "../../src/core/hardware/powerSampler";
import { computeMetrics, type ResultsView } from "../../src/core/metrics/computeMetrics";
import { formatMetricsCsv, METRICS_HEADER } from "../../src/core/metrics/metricsCsv";
import { readMetricsCsv } from "../../src/core/metrics/readMetricsCsv";

const tempDir = (): string => mkdtempSync(join(tmpdir(), "pb-hw-"));

describe("model file size", () => {
  test("a split model's size is the sum of its parts; a single file is its own size", () => {
    const dir = tempDir();
    const sizes = [1000, 2500, 17];
    sizes.forEach((size, i) => writeFileSync(join(dir, `m-Q4_K_M-0000${i + 1}-of-00003.gguf`), Buffer.alloc(size)));
    const second = join(dir, "m-Q4_K_M-00002-of-00003.gguf");
    assert.deepEqual(ggufParts(second), [1, 2, 3].map((i) => join(dir, `m-Q4_K_M-0000${i}-of-00003.gguf`)));
    assert.equal(modelFileBytes(second), 3517);
    const single = join(dir, "single.gguf");
    writeFileSync(single, Buffer.alloc(4321));
    assert.equal(modelFileBytes(single), 4321);
    assert.throws(() => modelFileBytes(join(dir, "x-00001-of-00002.gguf")), /ENOENT/, "a missing part is an error, not a smaller size");
  });
});

describe("MemoryPeakSampler", () => {
  /** A reader returning the given values in turn, then the last one. */
  const readings = (values: number[]) => {
    let i = 0;
    return () => values[Math.min(i++, values.length - 1)]!;
  };

  test("keeps the highest reading of each, and the next window starts at the current level", async () => {
    const vram = readings([1000, 5000, 2000]);
    const sampler = new MemoryPeakSampler({ ram: readings([100, 300, 200, 150, 120, 110]), vram: async () => vram() });
    await sampler.sample();
    await sampler.sample();
    await sampler.sample();
    assert.deepEqual(sampler.peak(), { ramPeakBytes: 300, vramPeakBytes: 5000 });
    // Nothing sampled since: the current levels (RAM read now, the last VRAM reading) are the new window's peak.
    assert.deepEqual(sampler.peak(), { ramPeakBytes: 120, vramPeakBytes: 2000 });
  });

  test("without a GPU the VRAM peak is undefined with the reason, never 0", async () => {
    const sampler = new MemoryPeakSampler({ ram: () => 4096, vramUnavailable: "no GPU: running on the CPU" });
    await sampler.sample();
    const peak = sampler.peak();
    assert.equal(peak.vramPeakBytes, undefined);
    assert.equal(peak.ramPeakBytes, 4096);
    assert.deepEqual(peak.unavailable, { vramPeakBytes: "no GPU: running on the CPU" });
  });

  test("a failing VRAM query is reported and not retried; RAM is still measured", async () => {
    let calls = 0;
    const sampler = new MemoryPeakSampler({
      ram: () => 10,
      vram: async () => {
        calls++;
        throw new Error("device lost");
      },
    });
    await sampler.sample();
    await sampler.sample();
    assert.equal(calls, 1);
    const peak = sampler.peak();
    assert.equal(peak.ramPeakBytes, 10);
    assert.match(peak.unavailable?.vramPeakBytes ?? "", /reading VRAM use failed: device lost/);
  });
});

describe("hardware record → metrics columns", () => {
  test("CPU run: 0/N layers, GPU names and VRAM empty with the reason", () => {
    const record = hardwareRecord(
      "node-llama-cpp",
      { fileBytes: 131_872, gpuLayers: 0, totalLayers: 3, gpuNames: [], unavailable: { gpuNames: "no GPU: running on the CPU" } },
      { ramPeakBytes: 2.5e9, unavailable: { vramPeakBytes: "no GPU: running on the CPU" } },
    );
    assert.deepEqual(hardwareColumns(record), {
      model_file_gb: 0.000131872,
      gpu_names: undefined,
      gpu_layers: "0/3",
      vram_peak_gb: undefined,
      ram_peak_gb: 2.5,
    });
    assert.equal(
      describeUnavailable("tiny", record.hardwareUnavailable),
      "tiny: hardware figures left empty (gpu_names, vram_peak_gb: no GPU: running on the CPU)",
    );
  });

  test("GPU run: names joined with '; ', nothing unavailable", () => {
    const record = hardwareRecord(
      "node-llama-cpp",
      { fileBytes: 4.9e9, gpuLayers: 33, totalLayers: 33, gpuNames: ["NVIDIA H100", "NVIDIA A100"] },
      { vramPeakBytes: 6.25e9, ramPeakBytes: 1e9 },
    );
    assert.equal(record.hardwareUnavailable, undefined);
    assert.deepEqual(hardwareColumns(record), { model_file_gb: 4.9, gpu_names: "NVIDIA H100; NVIDIA A100", gpu_layers: "33/33", vram_peak_gb: 6.25, ram_peak_gb: 1 });
    assert.equal(describeUnavailable("m", record.hardwareUnavailable), undefined);
  });

  test("an engine that reports nothing: every figure empty, and the log says which engine", () => {
    const record = hardwareRecord("remote-api", undefined, undefined);
    assert.deepEqual(hardwareColumns(record), { model_file_gb: undefined, gpu_names: undefined, gpu_layers: undefined, vram_peak_gb: undefined, ram_peak_gb: undefined });
    assert.equal(
      describeUnavailable("m", record.hardwareUnavailable),
      "m: hardware figures left empty (model_file_gb, gpu_layers, vram_peak_gb, ram_peak_gb, gpu_names: the remote-api engine does not report it)",
    );
  });
});

describe("metrics CSV: TTFT and hardware columns", () => {
  const view = (rows: Record<string, string>[]): ResultsView => ({ rowCount: rows.length, get: (row, column) => rows[row]?.[column] ?? "" });

  test("TTFT percentiles over the rows that generated; hardware from the model's record; read back as written", async () => {
    const ttft = ["0.05", "0.01", "", "0.04", "0.02"]; // row 2: nothing generated
    const results = view(ttft.map((t, i) => ({ city: "x", raw_m__seconds: String(i + 1), raw_m__ttft_s: t, raw_m__valid: "false" })));
    const perModel = { m: { fileBytes: 4.9e9, gpuLayers: 20, totalLayers: 33, gpuNames: ["GPU A", "GPU, \"B\""], vramPeakBytes: 7.5e9, ramPeakBytes: 1.25e9 } };
    const [row] = computeMetrics(results, ["city"], ["m"], undefined, perModel);
    assert.ok(row);
    assert.equal(row.ttft_p50_s, 0.02);
    assert.equal(row.ttft_p95_s, 0.05);
    assert.deepEqual(
      [row.model_file_gb, row.gpu_names, row.gpu_layers, row.vram_peak_gb, row.ram_peak_gb],
      [4.9, 'GPU A; GPU, "B"', "20/33", 7.5, 1.25],
    );
    const file = join(tempDir(), "m.metrics.csv");
    writeFileSync(file, formatMetricsCsv([row]));
    const [back] = await readMetricsCsv(file);
    assert.ok(back);
    for (const key of ["ttft_p50_s", "ttft_p95_s", "model_file_gb", "gpu_names", "gpu_layers", "vram_peak_gb", "ram_peak_gb"] as const) {
      assert.equal(back[key], row[key], key);
    }
    assert.equal(typeof back.gpu_layers, "string", "20/33 stays text, not a number or a date");
  });

  test("nothing measured: the cells are empty (never 0) and read back as undefined", async () => {
    const results = view([{ city: "x", raw_m__seconds: "1", raw_m__valid: "false" }]);
    const [row] = computeMetrics(results, ["city"], ["m"]);
    assert.ok(row);
    const lines = formatMetricsCsv([row]).trim().split(/\r?\n/);
    const cells = lines[1]!.split(",");
    for (const name of ["ttft_p50_s", "ttft_p95_s", "model_file_gb", "gpu_names", "gpu_layers", "vram_peak_gb", "ram_peak_gb"]) {
      assert.equal(cells[METRICS_HEADER.indexOf(name as (typeof METRICS_HEADER)[number])], "", name);
    }
    const file = join(tempDir(), "empty.metrics.csv");
    writeFileSync(file, formatMetricsCsv([row]));
    const [back] = await readMetricsCsv(file);
    assert.equal(back?.gpu_names, undefined);
    assert.equal(back?.gpu_layers, undefined);
    assert.equal(back?.ram_peak_gb, undefined);
  });
});

describe("energy integral with a fake nvidia-smi printing 100, 200, 300 … W", () => {
  test("matches the trapezoid rule exactly when each reading is 1 s after the previous one", async () => {
    const dir = tempDir();
    const smi = join(dir, "nvidia-smi");
    // Each call prints the next reading: 100 W, 200 W, 300 W, …
    writeFileSync(smi, '#!/bin/sh\nf="$(dirname "$0")/count"\nn=$(cat "$f" 2>/dev/null || echo 0)\nn=$((n+1))\necho $n > "$f"\necho $((n*100)).00\n');
    chmodSync(smi, 0o755);
    let clock = -1000;
    // The sampler stamps each reading when it arrives; this clock puts them exactly 1 s apart.
    const sampler = new PowerSampler({ command: smi, intervalMs: 20, now: () => (clock += 1000) });
    sampler.start();
    await new Promise((r) => setTimeout(r, 300));
    const result = await sampler.stop();
    assert.ok(isPowerMeasurement(result), JSON.stringify(result));
    const n = result.samples;
    assert.ok(n >= 3, `samples: ${n}`);
    assert.equal(Number(readFileSync(join(dir, "count"), "utf8")), n, "every reading taken is used, in order");
    // Trapezoids of 1 s between k·100 W and (k+1)·100 W, k = 1 … n−1: Σ 100k + 50 = 50(n² − 1) J.
    const joules = 50 * (n * n - 1);
    assert.ok(Math.abs(result.energyWh - joules / 3600) < 1e-9, `${result.energyWh} Wh vs ${joules / 3600}`);
    assert.ok(Math.abs(result.avgPowerW - 50 * (n + 1)) < 1e-9, `avg ${result.avgPowerW}`);
    assert.equal(result.peakPowerW, 100 * n);
  });
});
