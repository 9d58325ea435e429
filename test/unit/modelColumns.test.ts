import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { CsvError } from "../../src/core/errors/csvError";
import type { ModelSpec } from "../../src/core/registry/modelSpec";
import { modelColumns, modelsInColumns, strayResultColumns } from "../../src/core/results/columns";
import { RowsSource } from "../../src/core/results/rowsPage";
import { readRecordedModels } from "../../src/core/results/runMeta";
import { readRunSummary } from "../../src/core/results/runSummary";
import type { RunEvent } from "../../src/core/runner/events";
import type { RunOptions } from "../../src/core/runner/options";
import { runBenchmark } from "../../src/core/runner/runBenchmark";
import type { Engine } from "../../src/core/engine/engine";
import { createLlamaCppEngine } from "../../src/engines/llamaCpp";
import { column, makeRunDir, readTable, runFiles } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

let engine: Engine;
let path: string;
const spec = (name: string): ModelSpec => ({ name, tier: "custom", source: { kind: "file", path } });

before(async () => {
  path = await ensureTestModel();
  engine = createLlamaCppEngine({ modelsDir: "/nonexistent", threads: 1, gpu: false, allowDownload: false });
});
after(async () => engine.dispose());

function options(dir: ReturnType<typeof makeRunDir>, extra: Partial<RunOptions> = {}): RunOptions {
  return { ...runFiles(dir), models: [spec("tiny")], engine, maxNewTokens: 32, constrained: true, ...extra };
}

/** Re-scoring the results CSV in place, as `prompt-bench run --skip-inference --csv <results>` does. */
function rescore(dir: ReturnType<typeof makeRunDir>, events: RunEvent[] = []): RunOptions {
  return { ...options(dir), csvFile: dir.output, promptFile: "", models: [], engine: undefined, skipInference: true, onEvent: (e) => events.push(e) };
}

const models = (file: string): string[] => [...new Set(column(readTable(file), "model"))];

test("model columns: the recorded models only, else by name; look-alike columns of no model are found", () => {
  const columns = ["source", "raw_x", "pred_x_name", "name", ...modelColumns("a_b", ["name"]), ...modelColumns("m", ["name"])];
  assert.deepEqual(modelsInColumns(columns), ["x", "a_b", "m"], "by name (no meta file)");
  assert.deepEqual(modelsInColumns(columns, ["m", "a_b", "gone"]), ["a_b", "m"], "in column order, only those present");
  assert.deepEqual(strayResultColumns(columns, ["a_b", "m"]), ["raw_x", "pred_x_name"]);
  assert.deepEqual(strayResultColumns(columns, ["a_b", "m", "x"]), []);
});

describe("which columns are model columns", () => {
  test("an input column named raw_x is kept as an input column, with a warning, and no model x appears", async () => {
    const dir = makeRunDir();
    writeFileSync(dir.csv, 'source,name,city,raw_x,pred_x_name\n"Anna lives in Berlin.",Anna,Berlin,kept 1,A\n"Bob from Paris",Bob,Paris,,B\n');
    const events: RunEvent[] = [];
    const summary = await runBenchmark(options(dir, { onEvent: (e) => events.push(e) }));

    assert.deepEqual([...new Set(summary.metrics.map((r) => r.model))], ["tiny"]);
    assert.deepEqual(models(dir.metrics), ["tiny"]);
    assert.deepEqual(column(readTable(dir.metrics), "field"), ["city", "name"], "neither is a target field");
    const results = readTable(dir.output);
    assert.deepEqual(column(results, "raw_x"), ["kept 1", ""]);
    assert.deepEqual(column(results, "pred_x_name"), ["A", "B"]);
    assert.deepEqual(column(results, "raw_tiny__valid"), ["true", "true"]);
    const warnings = events.filter((e) => e.type === "log" && e.level === "warn").map((e) => (e.type === "log" ? e.message : ""));
    assert.equal(warnings.length, 1, warnings.join("\n"));
    assert.ok(warnings[0]!.startsWith(`${dir.csv}: columns "raw_x", "pred_x_name" look like results columns`), warnings[0]);
    assert.match(warnings[0]!, /kept unchanged as ordinary columns/);

    // Re-scoring the results in place: the meta file says which models there are.
    const again = await runBenchmark(rescore(dir));
    assert.deepEqual([...new Set(again.metrics.map((r) => r.model))], ["tiny"]);
    // The panel's rows and the code lens read the same meta file.
    assert.deepEqual(readRecordedModels(dir.output), ["tiny"]);
    assert.deepEqual(new RowsSource(readTable(dir.output), undefined, readRecordedModels(dir.output)).models, ["tiny"]);
    assert.deepEqual((await readRunSummary(dir.output, dir.metrics)).models, ["tiny"]);
  });

  test("results without a meta file (older version, or copied without it) still score their models by name", async () => {
    const dir = makeRunDir();
    await runBenchmark(options(dir));
    const scores = (): string[][] => ["model", "field", "n_valid", "chrf", "rougeL"].map((c) => column(readTable(dir.metrics), c));
    const scored = scores();
    rmSync(`${dir.output}.meta.json`);
    assert.equal(readRecordedModels(dir.output), undefined);
    await runBenchmark(rescore(dir));
    assert.deepEqual(scores(), scored, "the same scores (load time and the like were in the meta file)");
    assert.deepEqual(new RowsSource(readTable(dir.output), undefined, readRecordedModels(dir.output)).models, ["tiny"]);

    // A new model run into them writes a meta file that keeps the earlier model as one.
    await runBenchmark(options(dir, { models: [spec("tiny2")] }));
    assert.deepEqual(models(dir.metrics), ["tiny", "tiny2"]);
    assert.deepEqual(readRecordedModels(dir.output)?.sort(), ["tiny", "tiny2"]);
    await runBenchmark(rescore(dir));
    assert.deepEqual(models(dir.metrics), ["tiny", "tiny2"]);
  });

  test("a model whose output column an input column already is refuses to run, naming both", async () => {
    const dir = makeRunDir();
    writeFileSync(dir.csv, "source,name,raw_tiny\nAnna lives in Berlin.,Anna,mine\n");
    await assert.rejects(
      runBenchmark(options(dir)),
      (e: unknown) => e instanceof CsvError && e.message.includes(`${dir.csv} has a column "raw_tiny"`) && /model "tiny"/.test(e.message),
    );
  });
});
