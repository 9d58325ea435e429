import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Engine, LoadedModel } from "../../src/core/engine/engine";
import { createLlamaCppEngine, defaultThreads } from "../../src/engines/llamaCpp";
import type { ModelSpec } from "../../src/core/registry/modelSpec";
import { ensureTestModel } from "../helpers/testModel";

// The real node-llama-cpp on the generated (random) test model, CPU only.
const AB_SCHEMA = {
  type: "object",
  properties: { a: { type: "string" }, b: { type: "string" } },
  required: ["a", "b"],
};
const PROMPTS = [
  "Hans Müller, born 1970, lives in Berlin.",
  "Extract the fields from this letter.",
  "Patient: Anna Schmidt, admitted 12.03.2021",
  "Wie geht es Ihnen heute?",
  "1234567890",
  "The quick brown fox jumps over the lazy dog",
  "Dear doctor, thank you for referring",
  'Answer in JSON: {"a": "...", "b": "..."}',
  "Entlassungsbrief vom 12.03.2021, Köln",
  "x",
];

let engine: Engine;
let loaded: LoadedModel;
let spec: ModelSpec;
const logs: string[] = [];

before(async () => {
  spec = { name: "test-model", tier: "custom", source: { kind: "file", path: await ensureTestModel() } };
  engine = createLlamaCppEngine({ modelsDir: "/nonexistent", gpu: false, allowDownload: false, log: (l, m) => logs.push(`${l}: ${m}`) });
  loaded = await engine.load(spec);
});
after(async () => {
  await loaded?.dispose();
  await engine?.dispose();
});

describe("llama.cpp engine on the test model", () => {
  it("loads the model and generates text with token counts", async () => {
    assert.ok(loaded.loadSeconds > 0);
    assert.ok(logs.some((l) => /loaded .*threads: \d+, context: 2048/.test(l)), logs.join("\n"));
    const prompt = "Say something.";
    const result = await loaded.generate({ prompt, maxNewTokens: 24 });
    assert.ok(result.text.length > 0);
    assert.ok(result.tokensOut > 0 && result.tokensOut <= 24, `tokensOut ${result.tokensOut}`);
    // The test model has one token per byte; the chat template ("user: … assistant:") adds more.
    assert.ok(result.tokensIn > Buffer.byteLength(prompt) + 5, `tokensIn ${result.tokensIn}`);
    assert.ok(result.seconds > 0);
  });

  it("decodes greedily: the same prompt gives the same text, whatever ran before", async () => {
    const first = await loaded.generate({ prompt: PROMPTS[0]!, maxNewTokens: 48 });
    await loaded.generate({ prompt: PROMPTS[1]!, maxNewTokens: 48 });
    const again = await loaded.generate({ prompt: PROMPTS[0]!, maxNewTokens: 48 });
    assert.equal(again.text, first.text);
    assert.equal(again.tokensIn, first.tokensIn);
    assert.equal(again.tokensOut, first.tokensOut);
  });

  it("gives the same text in a fresh engine", async () => {
    const reference = await loaded.generate({ prompt: PROMPTS[2]!, maxNewTokens: 48 });
    await loaded.dispose();
    const other = createLlamaCppEngine({ modelsDir: "/nonexistent", gpu: false, threads: 1, allowDownload: false });
    try {
      const model = await other.load(spec);
      assert.equal((await model.generate({ prompt: PROMPTS[2]!, maxNewTokens: 48 })).text, reference.text);
      await model.dispose();
    } finally {
      await other.dispose();
      loaded = await engine.load(spec);
    }
  });

  it("constrains output to a JSON schema: every prompt parses with the required keys", async () => {
    const texts = new Set<string>();
    for (const prompt of PROMPTS) {
      const result = await loaded.generate({ prompt, maxNewTokens: 96, jsonSchema: AB_SCHEMA });
      const parsed = JSON.parse(result.text) as Record<string, unknown>;
      assert.deepEqual(Object.keys(parsed).sort(), ["a", "b"], result.text);
      assert.equal(typeof parsed.a, "string");
      assert.equal(typeof parsed.b, "string");
      texts.add(result.text);
    }
    assert.ok(texts.size > 1, "different prompts give different outputs");
  });

  it("without a schema the random model does not write JSON", async () => {
    const result = await loaded.generate({ prompt: PROMPTS[0]!, maxNewTokens: 32 });
    assert.throws(() => JSON.parse(result.text));
  });

  it("stops promptly when the signal aborts, and refuses an aborted signal", async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    const result = await loaded.generate({ prompt: "Write a long story.", maxNewTokens: 2000, signal: controller.signal });
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    assert.ok(result.tokensOut < 1000, `stopped early, after ${result.tokensOut} tokens`);
    await assert.rejects(loaded.generate({ prompt: "x", maxNewTokens: 8, signal: controller.signal }), { name: "AbortError" });
  });

  it("rejects a prompt longer than the context instead of truncating it", async () => {
    await assert.rejects(loaded.generate({ prompt: "y".repeat(3000), maxNewTokens: 8 }), /prompt is \d+ tokens .* holds 2048/);
  });

  it("refuses to generate after dispose", async () => {
    const other = createLlamaCppEngine({ modelsDir: "/nonexistent", gpu: false, threads: 1, allowDownload: false });
    const model = await other.load(spec);
    await model.dispose();
    await assert.rejects(model.generate({ prompt: "x", maxNewTokens: 4 }), /disposed/);
    await other.dispose();
  });
});

describe("defaultThreads", () => {
  it("leaves one core free and never exceeds the math cores", () => {
    assert.equal(defaultThreads(1), 1);
    assert.equal(defaultThreads(2), 1);
    assert.equal(defaultThreads(8), 7);
    assert.equal(defaultThreads(16, 8), 8);
    assert.equal(defaultThreads(4, 0), 3);
  });
});
