import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { runRowWorkers } from "../../src/core/runner/rowWorkers";
import { MAX_AUTO_SEQUENCES, planParallel } from "../../src/engines/llamaCpp/parallelPlan";

const base = { budgetTokens: 8192, defaultMax: 8192, trainContextSize: 32768 };

describe("planParallel", () => {
  test("CPU auto: one row at a time, context sized for the longest prompt + max new tokens", () => {
    const plan = planParallel({ ...base, gpu: false, rows: 100, longestPromptTokens: 900, maxNewTokens: 100 });
    assert.equal(plan.sequences, 1);
    assert.equal(plan.contextSize, Math.ceil(1000 * 1.1) + 16);
    assert.match(plan.reason, /CPU/);
  });

  test("GPU auto: as many sequences as the memory budget holds, at most 8 and at most the rows", () => {
    assert.equal(planParallel({ ...base, gpu: true, rows: 100, longestPromptTokens: 400, maxNewTokens: 100 }).sequences, MAX_AUTO_SEQUENCES);
    assert.equal(planParallel({ ...base, gpu: true, rows: 100, longestPromptTokens: 2900, maxNewTokens: 100 }).sequences, 2);
    assert.equal(planParallel({ ...base, gpu: true, rows: 3, longestPromptTokens: 100, maxNewTokens: 100 }).sequences, 3);
    assert.equal(planParallel({ ...base, gpu: true, rows: 100, longestPromptTokens: 9000, maxNewTokens: 100 }).sequences, 1);
  });

  test("the user's count wins (capped at the rows); unknown prompts keep node-llama-cpp's 'as large as fits'", () => {
    const plan = planParallel({ ...base, gpu: false, parallelRows: 4, rows: 10 });
    assert.deepEqual([plan.sequences, plan.contextSize], [4, { max: 8192 }]);
    assert.equal(planParallel({ ...base, gpu: true, parallelRows: 16, rows: 5, longestPromptTokens: 10, maxNewTokens: 10 }).sequences, 5);
  });

  test("a user context size is per sequence; a row longer than the training context is capped to it", () => {
    assert.equal(planParallel({ ...base, gpu: true, contextSize: 4096, rows: 100, longestPromptTokens: 10, maxNewTokens: 10 }).sequences, 2);
    assert.equal(planParallel({ ...base, gpu: false, trainContextSize: 2048, longestPromptTokens: 5000, maxNewTokens: 10 }).contextSize, 2048);
  });
});

describe("runRowWorkers", () => {
  test("a failing row stops the queue, aborts the rows in flight and is rethrown after they return", async () => {
    const started: number[] = [];
    const recorded: number[] = [];
    let abortedInFlight = 0;
    const rows = [0, 1, 2, 3, 4, 5, 6, 7];
    await assert.rejects(
      runRowWorkers({
        rows,
        workers: 3,
        run: async (row, signal) => {
          started.push(row);
          if (row === 1) throw new Error("disk full");
          await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
          abortedInFlight++;
          return row;
        },
        done: (row) => recorded.push(row),
      }),
      /disk full/,
    );
    assert.deepEqual(started, [0, 1, 2], "no row starts after the failure");
    assert.equal(abortedInFlight, 2, "the rows in flight were aborted and returned before the error surfaced");
    assert.deepEqual(recorded, [], "rows finishing after the abort are not recorded");
  });

  test("cancel: returns false, and a row that returns after cancel is not recorded", async () => {
    const controller = new AbortController();
    const recorded: number[] = [];
    const finished = await runRowWorkers({
      rows: [0, 1, 2, 3],
      workers: 2,
      signal: controller.signal,
      run: async (row) => {
        if (row === 2) controller.abort();
        return row;
      },
      done: (row) => recorded.push(row),
    });
    assert.equal(finished, false);
    assert.ok(!recorded.includes(2) && !recorded.includes(3), `recorded ${recorded.join(",")}`);
  });
});
