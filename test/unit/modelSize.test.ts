import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Engine } from "../../src/core/engine/engine";
import { ModelLoadError } from "../../src/core/errors/modelLoadError";
import { readMetricsCsv } from "../../src/core/metrics/readMetricsCsv";
import { buildFigures } from "../../src/core/plots/figures";
import type { NamedFigure } from "../../src/core/plots/types";
import type { MetricsRow } from "../../src/core/runner/options";
import { runBenchmark } from "../../src/core/runner/runBenchmark";
import { createLlamaCppEngine } from "../../src/engines/llamaCpp";
import { ggufParamCount } from "../../src/engines/llamaCpp/ggufCheck";
import { column, makeRunDir, readTable, runFiles } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

type NLC = typeof import("node-llama-cpp", { with: { "resolution-mode": "import" } });

let modelPath: string;
/** The test model's parameters as node-llama-cpp's own GGUF reader sees them: each tensor's dimensions multiplied, summed. */
let expected: number;
let engine: Engine;

before(async () => {
  modelPath = await ensureTestModel();
  const { readGgufFileInfo } = (await import("node-llama-cpp")) as NLC;
  const info = await readGgufFileInfo(modelPath, { readTensorInfo: true });
  assert.ok(info.fullTensorInfo && info.fullTensorInfo.length > 0);
  expected = info.fullTensorInfo.reduce((sum, t) => sum + t.dimensions.reduce<number>((p, d) => p * Number(d), 1), 0);
  engine = createLlamaCppEngine({ modelsDir: "/nonexistent", threads: 1, gpu: false, allowDownload: false });
});
after(async () => engine.dispose());

const byName = (figures: NamedFigure[], name: string): NamedFigure => {
  const f = figures.find((x) => x.name === name);
  assert.ok(f, `no figure ${name}: ${figures.map((x) => x.name).join(", ")}`);
  return f;
};

describe("model size: parameter count", () => {
  test("the count read from the GGUF header is the sum of its tensors' element counts", () => {
    assert.ok(expected > 1000, `expected ${expected}`);
    assert.equal(ggufParamCount("tiny", modelPath), expected);
  });

  test("a GGUF cut short in its header is a ModelLoadError naming the file", () => {
    const cut = join(mkdtempSync(join(tmpdir(), "pb-params-")), "cut.gguf");
    copyFileSync(modelPath, cut);
    truncateSync(cut, 4096); // inside the metadata (the vocabulary), before the tensor table
    assert.throws(() => ggufParamCount("cut", cut), (e: unknown) => e instanceof ModelLoadError && e.message.includes(cut) && /cut short/.test(e.message));
  });

  test("a run records the count in meta.json and params_b in the metrics CSV, and the plots draw it", { timeout: 300_000 }, async () => {
    const dir = makeRunDir();
    await runBenchmark({ ...runFiles(dir), models: [{ name: "tiny", tier: "custom", source: { kind: "file", path: modelPath } }], engine, maxNewTokens: 16, constrained: true });
    const meta = JSON.parse(readFileSync(`${dir.output}.meta.json`, "utf8")) as { models: Record<string, Record<string, unknown>> };
    assert.equal(meta.models.tiny!.paramCount, expected);
    const cells = column(readTable(dir.metrics), "params_b");
    assert.ok(cells.length > 0);
    for (const cell of cells) assert.equal(cell, String(Number((expected / 1e9).toPrecision(6))));
    const figures = buildFigures(await readMetricsCsv(dir.metrics));
    // The random test model scores nothing valid, so its run has latency and memory against size, no score.
    assert.deepEqual(byName(figures, "scaling_latency.png").figure.data[0]!.x, [Number(cells[0])]);
    assert.deepEqual(byName(figures, "scaling_memory.png").figure.data.map((t) => t.name), ["RAM peak"]);
  });
});

describe("model size: figures", () => {
  const perf = { n_total: 4, n_valid: 4, runtime_s: 1, tokens_in: 10, tokens_out: 10, tokens_per_sec: 10 };
  const row = (model: string, field: string, extra: Partial<MetricsRow>): MetricsRow => ({ model, field, ...perf, ...extra });
  const hw = (params: number | undefined, p50: number, vram?: number) => ({ params_b: params, latency_p50_s: p50, latency_p95_s: p50 * 2, ram_peak_gb: 1 + (params ?? 0) / 10, vram_peak_gb: vram });
  // Listed out of size order; "api" is an endpoint model with no parameter count.
  const metrics: MetricsRow[] = [
    row("big", "city", { chrf: 80, ...hw(7, 2) }),
    row("big", "name", { chrf: 70, ...hw(7, 2) }),
    row("small", "city", { chrf: 40, ...hw(0.5, 0.5) }),
    row("small", "name", { chrf: 30, ...hw(0.5, 0.5) }),
    row("mid", "city", { chrf: 60, ...hw(1.5, 1, 3) }),
    row("mid", "name", { ...hw(1.5, 1, 3) }),
    row("api", "city", { chrf: 90, ...hw(undefined, 3) }),
    row("api", "name", { chrf: 90, ...hw(undefined, 3) }),
  ];
  const figures = buildFigures(metrics);

  test("score against parameters: one line per field, smallest model first, models without a count left out", () => {
    const { data, layout } = byName(figures, "scaling_score.png").figure;
    assert.deepEqual(data.map((t) => t.name), ["city", "name"]);
    assert.deepEqual(data[0]!.x, [0.5, 1.5, 7]);
    assert.deepEqual(data[0]!.y, [40, 60, 80]);
    assert.deepEqual(data[0]!.text, ["small", "mid", "big"]);
    assert.deepEqual(data[1]!.x, [0.5, 7], "mid has no chrF on name: a gap, not 0");
    assert.deepEqual(data[1]!.y, [30, 70]);
    assert.equal((layout.xaxis as { type: string }).type, "log");
  });

  test("latency and memory per model against parameters; energy left out when no model measured it", () => {
    const latency = byName(figures, "scaling_latency.png").figure;
    assert.deepEqual(latency.data.map((t) => t.name), ["latency p50", "latency p95"]);
    assert.deepEqual(latency.data[0]!.x, [0.5, 1.5, 7]);
    assert.deepEqual(latency.data[0]!.y, [0.5, 1, 2]);
    assert.deepEqual(latency.data[1]!.y, [1, 2, 4]);
    const memory = byName(figures, "scaling_memory.png").figure;
    assert.deepEqual(memory.data.map((t) => t.name), ["VRAM peak", "RAM peak"]);
    assert.deepEqual(memory.data[0]!.x, [1.5], "only mid measured VRAM");
    assert.deepEqual(memory.data[1]!.y, [1.05, 1.15, 1.7]);
    assert.equal(figures.some((f) => f.name === "scaling_energy.png"), false);
    const withEnergy = buildFigures(metrics.map((r) => (r.model === "big" ? { ...r, energy_wh: 0.25 } : r)));
    assert.deepEqual(byName(withEnergy, "scaling_energy.png").figure.data[0]!.y, [0.25]);
  });

  test("no model with a parameter count: no model-size figures", () => {
    const names = buildFigures(metrics.map((r) => ({ ...r, params_b: undefined }))).map((f) => f.name);
    assert.equal(names.some((n) => n.startsWith("scaling_")), false, names.join(", "));
  });
});
