import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { after, describe, test } from "node:test";
import { integrate, isPowerMeasurement, parsePowerDraw, PowerSampler } from "../../src/core/hardware/powerSampler";
import { computeMetrics, nearestRankPercentile, type ResultsView } from "../../src/core/metrics/computeMetrics";
import { formatMetricsCsv, METRICS_HEADER } from "../../src/core/metrics/metricsCsv";

const SEED_HEADER = "model,field,n_total,n_valid,rouge1,rouge2,rougeL,bleu,chrf,bertscore_f1,exact_match,runtime_s,tokens_in,tokens_out,tokens_per_sec";

/** A folder holding an executable `nvidia-smi` shell script with the given body. */
function fakeNvidiaSmi(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), "pb-smi-"));
  const file = join(dir, "nvidia-smi");
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return dir;
}

describe("PowerSampler with a fake nvidia-smi on PATH", () => {
  const savedPath = process.env.PATH;
  after(() => {
    process.env.PATH = savedPath;
  });

  test("integrates a constant two-GPU draw (100 W + 50 W) over the window", async () => {
    process.env.PATH = `${fakeNvidiaSmi('echo "100.00"\necho "50.00"')}${delimiter}${savedPath}`;
    const sampler = new PowerSampler({ intervalMs: 50 });
    const t0 = performance.now();
    sampler.start();
    await new Promise((r) => setTimeout(r, 600));
    const result = await sampler.stop();
    const elapsed = (performance.now() - t0) / 1000;
    assert.ok(isPowerMeasurement(result), JSON.stringify(result));
    assert.ok(result.samples >= 3, `samples: ${result.samples}`);
    assert.ok(Math.abs(result.avgPowerW - 150) < 1e-6, `avg ${result.avgPowerW}`);
    assert.equal(result.peakPowerW, 150);
    // The sampled window lies within [start, stop]; it loses at most a poll's latency at each end.
    const expectedWh = (150 * elapsed) / 3600;
    assert.ok(result.energyWh <= expectedWh * 1.001, `${result.energyWh} <= ${expectedWh}`);
    assert.ok(result.energyWh >= expectedWh * 0.6, `${result.energyWh} >= 0.6 * ${expectedWh}`);
  });

  test("100 W then 200 W: peak 200, average between, energy = average × window", async () => {
    const dir = fakeNvidiaSmi('f="$(dirname "$0")/count"\nn=$(cat "$f" 2>/dev/null || echo 0)\necho $((n+1)) > "$f"\nif [ "$n" -eq 0 ]; then echo 100; else echo 200; fi');
    process.env.PATH = `${dir}${delimiter}${savedPath}`;
    const sampler = new PowerSampler({ intervalMs: 50 });
    sampler.start();
    await new Promise((r) => setTimeout(r, 400));
    const result = await sampler.stop();
    assert.ok(isPowerMeasurement(result), JSON.stringify(result));
    assert.equal(result.peakPowerW, 200);
    assert.ok(result.avgPowerW > 100 && result.avgPowerW < 200, `avg ${result.avgPowerW}`);
  });

  test("no nvidia-smi: unavailable with the reason, never 0", async () => {
    process.env.PATH = mkdtempSync(join(tmpdir(), "pb-nosmi-"));
    const sampler = new PowerSampler({ intervalMs: 50 });
    sampler.start();
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await sampler.stop(), { unavailable: "nvidia-smi not found" });
  });

  test("a failing or unparsable nvidia-smi is unavailable with the reason", async () => {
    process.env.PATH = `${fakeNvidiaSmi('echo "NVIDIA-SMI has failed" >&2\nexit 9')}${delimiter}${savedPath}`;
    const failed = new PowerSampler({ intervalMs: 50 });
    failed.start();
    const result = await failed.stop();
    assert.ok("unavailable" in result && /^nvidia-smi failed/.test(result.unavailable), JSON.stringify(result));

    process.env.PATH = `${fakeNvidiaSmi('echo "[N/A]"')}${delimiter}${savedPath}`;
    const na = new PowerSampler({ intervalMs: 50 });
    na.start();
    const naResult = await na.stop();
    assert.ok("unavailable" in naResult && /N\/A/.test(naResult.unavailable), JSON.stringify(naResult));
  });
});

describe("power integration and parsing", () => {
  test("trapezoid rule on known timestamps", () => {
    const result = integrate([
      { t: 0, watts: 100 },
      { t: 1000, watts: 200 },
      { t: 3000, watts: 200 },
    ]);
    assert.ok(isPowerMeasurement(result));
    // 1 s at a mean of 150 W + 2 s at 200 W = 550 J.
    assert.ok(Math.abs(result.energyWh - 550 / 3600) < 1e-12);
    assert.ok(Math.abs(result.avgPowerW - 550 / 3) < 1e-9);
    assert.equal(result.peakPowerW, 200);
    assert.equal(result.samples, 3);
    assert.ok("unavailable" in integrate([{ t: 0, watts: 100 }]), "one sample: no window, not 0 Wh");
  });

  test("per-GPU lines are summed", () => {
    assert.ok(Math.abs(parsePowerDraw("71.23\n 80.5 \n\n") - 151.73) < 1e-9);
    assert.throws(() => parsePowerDraw(""), /no power reading/);
  });
});

describe("hardware columns of the metrics CSV", () => {
  function view(rows: Record<string, string>[]): ResultsView {
    return { rowCount: rows.length, get: (row, column) => rows[row]?.[column] ?? "" };
  }

  test("nearest-rank percentiles", () => {
    assert.equal(nearestRankPercentile([0.4, 0.1, 0.3, 0.2], 50), 0.2);
    assert.equal(nearestRankPercentile([0.4, 0.1, 0.3, 0.2], 95), 0.4);
    const ten = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    assert.equal(nearestRankPercentile(ten, 50), 5);
    assert.equal(nearestRankPercentile(ten, 95), 10);
    assert.equal(nearestRankPercentile([3], 95), 3);
    assert.equal(nearestRankPercentile([], 50), undefined);
  });

  test("latency from the rows run; load/energy/power from the model's record, empty when not measured", () => {
    const seconds = ["1.5", "0.5", "", "2.5", "1.0"]; // row 2 not run
    const results = view(seconds.map((s) => ({ city: "x", raw_m__seconds: s, raw_m__valid: s === "" ? "" : "false" })));
    const [row] = computeMetrics(results, ["city"], ["m"]);
    assert.ok(row);
    assert.equal(row.latency_p50_s, 1.0);
    assert.equal(row.latency_p95_s, 2.5);
    assert.equal(row.load_s, undefined);
    assert.equal(row.energy_wh, undefined);
    const csv = formatMetricsCsv([row]).trim().split(/\r?\n/);
    assert.ok(csv[0]!.startsWith(`${SEED_HEADER},load_s,latency_p50_s,latency_p95_s,energy_wh,power_avg_w,power_peak_w,`));
    assert.match(csv[1]!, /,1,2\.5,,,,/, "energy and power cells empty, never 0");

    const [measured] = computeMetrics(results, ["city"], ["m"], undefined, { m: { loadSeconds: 2.25, energyWh: 0.5, avgPowerW: 150, peakPowerW: 210 } });
    assert.ok(measured);
    assert.deepEqual(
      [measured.load_s, measured.energy_wh, measured.power_avg_w, measured.power_peak_w],
      [2.25, 0.5, 150, 210],
    );
  });

  test("the seed's 15 columns come first, in order", () => {
    assert.equal(METRICS_HEADER.slice(0, 15).join(","), SEED_HEADER);
  });
});


describe("runtime with parallel rows", () => {
  const results: ResultsView = {
    rowCount: 3,
    get: (_row, column) => (column === "raw_m__seconds" ? "2" : column === "raw_m__tokens_out" ? "10" : column === "raw_m__valid" ? "false" : ""),
  };

  test("one row at a time: the sum of the rows' seconds (the seed's definition)", () => {
    const [row] = computeMetrics(results, ["city"], ["m"], undefined, { m: { inferenceWallSeconds: 6.5, inferenceRows: 3, parallelRows: 1 } });
    assert.equal(row?.runtime_s, 6);
    assert.equal(row?.tokens_per_sec, 5);
  });

  test("rows in parallel: the recorded wall time, when it covers exactly the rows in the file", () => {
    const [row] = computeMetrics(results, ["city"], ["m"], undefined, { m: { inferenceWallSeconds: 2.5, inferenceRows: 3, parallelRows: 3 } });
    assert.equal(row?.runtime_s, 2.5);
    assert.equal(row?.tokens_per_sec, 12);
    const [stale] = computeMetrics(results, ["city"], ["m"], undefined, { m: { inferenceWallSeconds: 2.5, inferenceRows: 5, parallelRows: 3 } });
    assert.equal(stale?.runtime_s, 6, "a wall time for other rows is not used");
  });
});
