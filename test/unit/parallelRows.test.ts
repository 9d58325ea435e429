import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { ModelSpec } from "../../src/core/registry/modelSpec";
import type { RunEvent } from "../../src/core/runner/events";
import type { RunOptions } from "../../src/core/runner/options";
import { runBenchmark } from "../../src/core/runner/runBenchmark";
import type { Engine, GenerateRequest, GenerateResult, LoadedModel } from "../../src/core/engine/engine";
import { createLlamaCppEngine } from "../../src/engines/llamaCpp";
import { runCli, startCli } from "../helpers/cli";
import { column, makeRunDir, readTable, runFiles } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

// The runner's parallel rows on the real engine (3 sequences of the generated test model).
const ROWS = 12;
let modelPath: string;
let model: ModelSpec;
let real: Engine;
before(async () => {
  modelPath = await ensureTestModel();
  model = { name: "tiny", tier: "custom", source: { kind: "file", path: modelPath } };
  real = createLlamaCppEngine({ modelsDir: "/nonexistent", threads: 1, gpu: false, allowDownload: false, parallelRows: 3 });
});
after(async () => real.dispose());

/** Rows of very different lengths, so they would finish out of order even without help. */
function writeRows(csv: string, rows = ROWS): void {
  const lines = Array.from({ length: rows }, (_, i) => `"Row ${i}: Person ${i} lives in City ${i}.${" Und so weiter.".repeat((i * 5) % 11)}",Person ${i},City ${i}`);
  writeFileSync(csv, ["source,name,city", ...lines].join("\n") + "\n");
}

interface Call { prompt: string; result?: GenerateResult; inFlight: number }

/**
 * The real engine, watched: records each generate() call and what it returned; `hold(prompt)` makes a call wait
 * until `release` is called (deterministic out-of-order completion, no timers).
 */
function watched(options: { hold?: (prompt: string) => Promise<void>; onStart?: (call: Call) => void } = {}): { engine: Engine; calls: Call[] } {
  const calls: Call[] = [];
  let inFlight = 0;
  const engine: Engine = {
    id: real.id,
    async load(spec, loadOptions): Promise<LoadedModel> {
      const loaded = await real.load(spec, loadOptions);
      return {
        spec: loaded.spec,
        loadSeconds: loaded.loadSeconds,
        parallelism: loaded.parallelism,
        dispose: () => loaded.dispose(),
        async generate(request: GenerateRequest): Promise<GenerateResult> {
          const call: Call = { prompt: request.prompt, inFlight: ++inFlight };
          calls.push(call);
          options.onStart?.(call);
          try {
            await options.hold?.(request.prompt);
            call.result = await loaded.generate(request);
            return call.result;
          } finally {
            inFlight--;
          }
        },
      };
    },
    dispose: async () => undefined,
  };
  return { engine, calls };
}

function options(dir: ReturnType<typeof makeRunDir>, engine: Engine, extra: Partial<RunOptions> = {}): RunOptions {
  return { ...runFiles(dir), models: [model], engine, maxNewTokens: 48, constrained: true, ...extra };
}

/** Each row's raw output must be what the engine returned for that row's own prompt. */
function assertRowsOwnOutputs(output: string, calls: readonly Call[]): void {
  const results = readTable(output);
  const sources = column(results, "source");
  const raws = column(results, "raw_tiny");
  for (const [row, source] of sources.entries()) {
    const own = calls.filter((c) => c.result && c.prompt.includes(source));
    assert.ok(own.length >= 1, `row ${row} was generated`);
    assert.equal(raws[row], own.at(-1)!.result!.text, `row ${row} holds its own output`);
  }
}

describe("parallel rows in the runner (3 sequences, real engine)", () => {
  test("rows finishing out of order land in their own rows; rowsDone counts up by one", async () => {
    const dir = makeRunDir();
    writeRows(dir.csv);
    // Row 0 waits until 4 other rows are done: it finishes after rows that started later.
    let finished = 0;
    let release: () => void = () => undefined;
    const row0Done = new Promise<void>((resolve) => (release = resolve));
    const { engine, calls } = watched({ hold: (prompt) => (prompt.includes("Row 0:") ? row0Done : Promise.resolve()) });
    const events: RunEvent[] = [];
    const summary = await runBenchmark(options(dir, engine, {
      onEvent: (event) => {
        events.push(event);
        if (event.type === "row-done" && ++finished === 4) release();
      },
    }));
    assert.equal(summary.cancelled, false);
    const done = events.filter((e): e is Extract<RunEvent, { type: "row-done" }> => e.type === "row-done");
    const order = done.map((e) => e.rowIndex);
    assert.notDeepEqual(order, [...order].sort((a, b) => a - b), `completion order ${order.join(",")}`);
    assert.ok(order.indexOf(0) >= 4, `row 0 finished ${order.indexOf(0) + 1}th`);
    assert.deepEqual(done.map((e) => e.rowsDone), Array.from({ length: ROWS }, (_, i) => i + 1));
    assert.ok(Math.max(...calls.map((c) => c.inFlight)) === 3, "3 rows in flight at once");
    assertRowsOwnOutputs(dir.output, calls);
    assert.deepEqual(column(readTable(dir.output), "raw_tiny__valid"), Array(ROWS).fill("true"));
    // Overlapping rows: runtime is the inference wall time, not the sum of the rows' seconds (which counts overlap).
    const meta = JSON.parse(readFileSync(`${dir.output}.meta.json`, "utf8")) as { models: Record<string, { inferenceWallSeconds: number; inferenceRows: number; parallelRows: number }> };
    assert.equal(meta.models.tiny!.inferenceRows, ROWS);
    assert.equal(meta.models.tiny!.parallelRows, 3);
    const rowSeconds = column(readTable(dir.output), "raw_tiny__seconds").reduce((sum, cell) => sum + Number(cell), 0);
    const metrics = readTable(dir.metrics);
    const runtime = Number(column(metrics, "runtime_s")[0]);
    assert.ok(Math.abs(runtime - meta.models.tiny!.inferenceWallSeconds) < 1e-3, `runtime_s ${runtime} is the wall time`);
    assert.ok(runtime < rowSeconds, `wall ${runtime} s < summed row seconds ${rowSeconds} s when rows overlap`);
    const tokensOut = Number(column(metrics, "tokens_out")[0]);
    assert.ok(Math.abs(Number(column(metrics, "tokens_per_sec")[0]) - tokensOut / runtime) < 0.01 * (tokensOut / runtime));
  });

  test("cancel with 3 rows in flight records none of them; resume runs exactly the missing rows", async () => {
    const dir = makeRunDir();
    writeRows(dir.csv);
    const controller = new AbortController();
    let rowsDone = 0;
    let inFlightAtCancel: string[] = [];
    const first = watched({
      onStart: (call) => {
        // Cancel when a 3rd row starts while 2 others decode, after a few rows are done.
        if (rowsDone >= 3 && call.inFlight === 3 && !controller.signal.aborted) {
          inFlightAtCancel = first.calls.filter((c) => !c.result).map((c) => c.prompt);
          controller.abort();
        }
      },
    });
    const cancelled = await runBenchmark(options(dir, first.engine, { signal: controller.signal, onEvent: (e) => { if (e.type === "row-done") rowsDone++; } }));
    assert.equal(cancelled.cancelled, true);
    assert.equal(inFlightAtCancel.length, 3);
    const afterCancel = readTable(dir.output);
    const valid = column(afterCancel, "raw_tiny__valid");
    const sources = column(afterCancel, "source");
    const recorded = valid.filter((v) => v !== "").length;
    assert.equal(recorded, rowsDone, "exactly the rows reported done are saved");
    for (const prompt of inFlightAtCancel) {
      const row = sources.findIndex((s) => prompt.includes(s));
      assert.equal(valid[row], "", `row ${row} was in flight at cancel: not recorded`);
    }

    const second = watched();
    const resumed = await runBenchmark(options(dir, second.engine));
    assert.equal(resumed.cancelled, false);
    assert.equal(second.calls.length, ROWS - recorded, "resume runs only the missing rows");
    const missing = sources.filter((_, row) => valid[row] === "");
    assert.deepEqual(second.calls.map((c) => sources.find((s) => c.prompt.includes(s))).sort(), [...missing].sort());
    assert.deepEqual(column(readTable(dir.output), "raw_tiny__valid"), Array(ROWS).fill("true"));
    assertRowsOwnOutputs(dir.output, [...first.calls, ...second.calls]);
  });

  test("SIGKILL of the CLI mid-run with --parallel 3: the rerun completes every row once, like an uninterrupted run", async () => {
    const args = (dir: ReturnType<typeof makeRunDir>): string[] => ["run", "--prompt", dir.prompt, "--csv", dir.csv, "--output", dir.output, "--metrics", dir.metrics,
      "--model", modelPath, "--threads", "1", "--gpu", "off", "--no-download", "--max-new-tokens", "200", "--constrained", "--parallel", "3"];
    const rows = 40;
    // The CLI names the model after the .gguf file.
    const CLI_MODEL = "prompt-bench-test";
    const VALID = `raw_${CLI_MODEL}__valid`;
    const whole = makeRunDir();
    writeRows(whole.csv, rows);
    const uninterrupted = runCli(args(whole));
    assert.equal(uninterrupted.status, 0, uninterrupted.stderr);
    assert.match(uninterrupted.stderr, /3 parallel rows/);

    const dir = makeRunDir();
    writeRows(dir.csv, rows);
    const child = startCli(args(dir));
    const journal = `${dir.output}.journal`;
    const finishedRows = (): number => {
      const saved = existsSync(dir.output) ? column(readTable(dir.output), VALID).filter(Boolean).length : 0;
      const logged = existsSync(journal) ? readFileSync(journal, "utf8").split("\n").filter(Boolean).length : 0;
      return saved + logged;
    };
    const deadline = Date.now() + 60_000;
    while (finishedRows() < 5 && Date.now() < deadline) await sleep(10);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const done = finishedRows();
    assert.ok(done >= 5 && done < rows, `killed mid-run after ${done} rows`);

    const rerun = runCli(args(dir));
    assert.equal(rerun.status, 0, rerun.stderr);
    const ran = Number(/(\d+) of 40 rows to run/.exec(rerun.stderr)?.[1]);
    assert.ok(ran >= rows - done && ran <= rows - done + 1, `reran ${ran} rows after ${done} were done`);
    const a = readTable(whole.output);
    const b = readTable(dir.output);
    assert.deepEqual(b.columns, a.columns);
    // Every row done once, for its own prompt (tokens_in), with valid output. The texts themselves are not compared:
    // rows batched together differently can pick another greedy token on a near tie (llama.cpp is not batch-invariant).
    for (const name of ["source", "name", "city", VALID, `raw_${CLI_MODEL}__tokens_in`]) assert.deepEqual(column(b, name), column(a, name), name);
    assert.deepEqual(column(b, VALID), Array(rows).fill("true"));
  });
});
