import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, describe, test } from "node:test";
import { UserError } from "../../src/core/errors/userError";
import type { EndpointSource, ModelSpec } from "../../src/core/registry/modelSpec";
import { readMetricsCsv } from "../../src/core/metrics/readMetricsCsv";
import { runBenchmark } from "../../src/core/runner/runBenchmark";
import type { LoadedModel } from "../../src/core/engine/engine";
import { createLlamaCppEngine } from "../../src/engines/llamaCpp";
import { createOpenAiEngine, type Clock } from "../../src/engines/openai";
import { listen } from "../../src/engines/openai/server";
import { createEngineRouter } from "../../src/engines/router";
import { startTestServer, type TestServer } from "../helpers/openaiServer";
import { column, makeRunDir, readTable, runFiles } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

const PROMPT = 'Extract the fields as JSON {"name": "..."} from this text:\nAnna Schmidt lives in Berlin.';
let server: TestServer;

before(async () => {
  server = await startTestServer({ modelPath: await ensureTestModel() });
});
after(async () => server.close());

function endpointSpec(name: string, extra: Partial<EndpointSource> = {}): ModelSpec {
  return { name, tier: "custom", source: { kind: "endpoint", endpoint: server.endpoint, model: "prompt-bench-test", ...extra } };
}

/** Virtual time: sleeps are recorded and return at once, so retry waits and rate spacing are checked, not waited. */
function virtualClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => 0,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      await new Promise((r) => setImmediate(r));
    },
  };
}

function reset(): void {
  server.faults = [];
  server.requests = [];
  server.maxInFlight = 0;
  server.holdUntilInFlight = undefined;
}

describe("OpenAI-compatible engine against the project's server on 127.0.0.1", () => {
  test("429 (Retry-After in seconds and as a date), 500, reset, malformed JSON and a stall are retried; the answer is the model's", async () => {
    reset();
    const clock = virtualClock();
    const engine = createOpenAiEngine({ clock, backoff: { random: () => 0.5 } });
    const model = await engine.load(endpointSpec("remote", { timeoutSeconds: 20, maxRetries: 6 }));
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    server.faults.push({ kind: "429", retryAfter: "1" }, { kind: "500" }, { kind: "reset" }, { kind: "malformed" }, { kind: "429", retryAfter: inTwoMinutes });
    const result = await model.generate({ prompt: PROMPT, maxNewTokens: 16 });
    const local = await server.loaded.generate({ prompt: PROMPT, maxNewTokens: 16 });
    assert.equal(result.text, local.text);
    assert.equal(result.tokensIn, local.tokensIn);
    assert.equal(result.tokensOut, local.tokensOut);
    assert.equal(result.retries, 5);
    assert.equal(server.requests.length, 6);
    const [first, second, third, fourth, fifth] = clock.sleeps;
    assert.equal(first, 1000, "Retry-After: 1 is honoured");
    assert.deepEqual([second, third, fourth], [4500, 8500, 16500], "then 2^attempt + jitter");
    assert.ok(fifth !== undefined && fifth > 118_000 && fifth <= 120_000, `an HTTP-date Retry-After: ${fifth}`);
    assert.equal(clock.sleeps.length, 5);
  });

  test("a stalled response is cut at timeoutSeconds and retried", async () => {
    reset();
    const engine = createOpenAiEngine({ clock: virtualClock() });
    const retried = await engine.load(endpointSpec("remote", { timeoutSeconds: 1, maxRetries: 1 }));
    server.faults.push({ kind: "stall" });
    const result = await retried.generate({ prompt: PROMPT, maxNewTokens: 4 });
    assert.equal(result.retries, 1);
    assert.equal(server.requests.length, 2);
    const model = await engine.load(endpointSpec("remote", { timeoutSeconds: 1, maxRetries: 0 }));
    server.faults.push({ kind: "stall" });
    await assert.rejects(model.generate({ prompt: PROMPT, maxNewTokens: 4 }), (error: Error & { retries?: number }) => {
      assert.match(error.message, /no answer from http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions within 1 s \(timeoutSeconds in the entry "remote"\)/);
      assert.match(error.message, /gave up after 0 retries/);
      assert.equal(error.retries, 0);
      return true;
    });
    const patient = await createOpenAiEngine({ clock: virtualClock() }).load(endpointSpec("remote", { timeoutSeconds: 60 }));
    server.faults.push({ kind: "stall" });
    // The stalled attempt is dropped by the client only after 60 s; a second model call is not blocked by it.
    const controller = new AbortController();
    const stalled = patient.generate({ prompt: PROMPT, maxNewTokens: 4, signal: controller.signal });
    const ok = await patient.generate({ prompt: PROMPT, maxNewTokens: 4 });
    assert.equal(ok.retries, 0);
    controller.abort(new Error("cancelled by the test"));
    await assert.rejects(stalled, /cancelled by the test/);
  });

  test("cancel stops a Retry-After wait at once", async () => {
    reset();
    const model = await createOpenAiEngine().load(endpointSpec("remote")); // the real clock: a 300 s wait
    server.faults.push({ kind: "429", retryAfter: "300" });
    const controller = new AbortController();
    const pending = model.generate({ prompt: PROMPT, maxNewTokens: 4, signal: controller.signal });
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    controller.abort(new Error("cancelled by the test"));
    await assert.rejects(pending, /cancelled by the test/);
    assert.equal(server.requests.length, 1, "no retry after cancel");
  });

  test("the concurrency limit holds across the endpoint's models", async () => {
    reset();
    server.holdUntilInFlight = 2;
    const engine = createOpenAiEngine();
    const a = await engine.load(endpointSpec("a", { concurrency: 2 }));
    const b = await engine.load(endpointSpec("b", { concurrency: 2 }));
    assert.equal(a.parallelism, 2);
    const calls = [a, b, a, b, a, b].map((m: LoadedModel) => m.generate({ prompt: PROMPT, maxNewTokens: 2 }));
    const results = await Promise.all(calls);
    assert.equal(results.length, 6);
    assert.equal(server.requests.length, 6);
    assert.equal(server.maxInFlight, 2, "never more than 2 in flight, and the limit was used");
  });

  test("requestsPerMinute spaces the starts 60/rpm s apart", async () => {
    reset();
    const clock = virtualClock();
    const model = await createOpenAiEngine({ clock }).load(endpointSpec("remote", { concurrency: 5, requestsPerMinute: 120 }));
    await Promise.all([1, 2, 3, 4, 5].map(() => model.generate({ prompt: PROMPT, maxNewTokens: 2 })));
    assert.equal(server.requests.length, 5);
    assert.deepEqual(clock.sleeps.sort((x, y) => x - y), [500, 1000, 1500, 2000]);
  });

  test("structuredOutput: false sends no response_format; a reply without usage leaves the token counts unknown, said once", async () => {
    reset();
    const logged: string[] = [];
    const model = await createOpenAiEngine({ log: (_level, message) => logged.push(message) }).load(endpointSpec("plain", { structuredOutput: false }));
    server.faults.push({ kind: "no-usage", content: '{"name": "Anna"}' }, { kind: "no-usage", content: "{}" });
    const schema = { type: "object", properties: { name: { type: "string" } }, required: ["name"] };
    const first = await model.generate({ prompt: PROMPT, maxNewTokens: 8, jsonSchema: schema });
    await model.generate({ prompt: PROMPT, maxNewTokens: 8, jsonSchema: schema });
    assert.equal(first.text, '{"name": "Anna"}');
    assert.ok(Number.isNaN(first.tokensIn) && Number.isNaN(first.tokensOut), "unknown, not 0");
    assert.equal(server.requests[0]?.body.response_format, undefined);
    assert.equal(server.requests[0]?.body.max_tokens, 8);
    assert.equal(logged.filter((m) => m.includes("sent no token usage")).length, 1);
    assert.equal(logged.filter((m) => m.includes('"structuredOutput": false')).length, 1);
  });

  test("a run records rows that still fail (with reason and retries), keeps every other row, and sums retries and cost", async () => {
    reset();
    const dir = makeRunDir();
    const engine = createEngineRouter({
      local: createLlamaCppEngine({ modelsDir: dir.dir, threads: 1, gpu: false, allowDownload: false }),
      remote: createOpenAiEngine({ clock: virtualClock() }),
    });
    // One request at a time, so the faults meet the rows in order.
    const spec = endpointSpec("remote", { concurrency: 1, maxRetries: 2, pricePer1kInput: 2, pricePer1kOutput: 10 });
    server.faults.push({ kind: "500" }, { kind: "500" }, { kind: "500" }, { kind: "400-format" }, { kind: "429" });
    const summary = await runBenchmark({
      ...runFiles(dir),
      models: [spec], engine, maxNewTokens: 64, constrained: true,
    });
    await engine.dispose();
    const body = server.requests[0]?.body as { response_format?: { type?: string; json_schema?: { strict?: boolean; schema?: unknown } } };
    assert.equal(body.response_format?.type, "json_schema");
    assert.equal(body.response_format?.json_schema?.strict, true);
    const results = readTable(dir.output);
    const rows = results.records.length;
    const errors = column(results, "raw_remote__error");
    assert.match(errors[0] ?? "", /^generation failed: .*HTTP 500: the GPU fell over \(gave up after 2 retries; maxRetries in the entry "remote"\)/);
    assert.match(errors[1] ?? "", /rejected structured output .*"structuredOutput": false/);
    assert.deepEqual(column(results, "raw_remote__retries"), ["2", "0", "1", ...Array(rows - 3).fill("0")]);
    assert.deepEqual(column(results, "raw_remote__valid").slice(2), Array(rows - 2).fill("true"), "every other row finished");
    assert.equal(summary.failures.length, 2);
    const metrics = await readMetricsCsv(dir.metrics);
    for (const row of metrics) {
      assert.equal(row.retries, 3);
      const expected = (row.tokens_in / 1000) * 2 + (row.tokens_out / 1000) * 10;
      assert.ok(row.tokens_in > 0 && Math.abs((row.cost ?? Number.NaN) - expected) < 1e-3, `cost ${row.cost} ≈ ${expected}`);
    }
  });

  test("with rows in flight together, faults anywhere are retried and every row finishes", async () => {
    reset();
    const dir = makeRunDir();
    const engine = createEngineRouter({
      local: createLlamaCppEngine({ modelsDir: dir.dir, threads: 1, gpu: false, allowDownload: false }),
      remote: createOpenAiEngine({ clock: virtualClock() }),
    });
    server.faults.push({ kind: "500" }, { kind: "reset" }, { kind: "malformed" }, { kind: "429", retryAfter: "2" });
    await runBenchmark({
      ...runFiles(dir),
      models: [endpointSpec("remote", { concurrency: 3 })], engine, maxNewTokens: 64, constrained: true,
    });
    await engine.dispose();
    const results = readTable(dir.output);
    assert.deepEqual(new Set(column(results, "raw_remote__valid")), new Set(["true"]));
    assert.equal(column(results, "raw_remote__retries").reduce((sum, cell) => sum + Number(cell), 0), 4);
    assert.equal(server.requests.length, results.records.length + 4);
    assert.equal((await readMetricsCsv(dir.metrics))[0]?.retries, 4);
  });

  test("load: an unreachable server, a missing key variable and a refused key each end with one clear message", async () => {
    const closed = createServer();
    const endpoint = await listen(closed, 0, "127.0.0.1");
    await new Promise((r) => closed.close(r));
    const engine = createOpenAiEngine();
    await assert.rejects(engine.load({ name: "gone", tier: "custom", source: { kind: "endpoint", endpoint, model: "m" } }), (error: Error) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /cannot reach http:\/\/127\.0\.0\.1:\d+\/v1 \(ECONNREFUSED\).*Check "endpoint" in the entry "gone"/);
      return true;
    });
    delete process.env.PB_TEST_MISSING_KEY;
    await assert.rejects(engine.load(endpointSpec("keyed", { apiKeyEnv: "PB_TEST_MISSING_KEY" })), /no API key for .*Set the environment variable PB_TEST_MISSING_KEY/);

    const guarded = await startTestServer({ modelPath: await ensureTestModel(), apiKey: "right-key" });
    try {
      const wrong = "wrong-key-4711";
      const keyed = createOpenAiEngine({ apiKey: () => wrong });
      await assert.rejects(keyed.load({ name: "guarded", tier: "custom", source: { kind: "endpoint", endpoint: guarded.endpoint, model: "m", apiKeyEnv: "X" } }), (error: Error) => {
        assert.match(error.message, /refused the API key \(HTTP 401\)\. Set the environment variable X/);
        assert.ok(!error.message.includes(wrong));
        return true;
      });
    } finally {
      await guarded.close();
    }
  });
});
