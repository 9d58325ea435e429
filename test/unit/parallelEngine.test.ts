import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Engine, LoadedModel } from "../../src/engines/engine";
import { createLlamaCppEngine } from "../../src/engines/llamaCpp";
import type { ModelSpec } from "../../src/core/registry/modelSpec";
import { renderPrompt } from "../../src/core/prompt/render";
import { ensureTestModel } from "../helpers/testModel";

// Parallel sequences and the shared-prefix KV reuse on the real node-llama-cpp (generated test model, CPU).
const TEMPLATE = 'Extract the fields as JSON {"city": "...", "name": "..."} from this letter, exactly as written:\n{source}';
const SOURCES = [
  "Anna Schmidt lives in Berlin.",
  "Herr Müller wohnt in München, seit 1999, mit seiner Familie und zwei Hunden in der Altstadt.",
  "x",
  "Dr. Jana Nowak (Köln) was admitted on 12.03.2021 and discharged a week later after an uneventful recovery.",
  "Entlassungsbrief, Hamburg",
  "1234567890",
];
const PROMPTS = SOURCES.map((source) => renderPrompt(TEMPLATE, source));
const SCHEMA = { type: "object", properties: { city: { type: "string" }, name: { type: "string" } }, required: ["city", "name"] };

let spec: ModelSpec;
const engines: Engine[] = [];
before(async () => {
  spec = { name: "tiny", tier: "custom", source: { kind: "file", path: await ensureTestModel() } };
});
after(async () => {
  for (const engine of engines) await engine.dispose();
});

async function load(parallelRows: number, reusePrefix: boolean): Promise<LoadedModel> {
  const engine = createLlamaCppEngine({ modelsDir: "/nonexistent", gpu: false, threads: 1, allowDownload: false, parallelRows, reusePrefix });
  engines.push(engine);
  const promptPrefix = TEMPLATE.split("{source}")[0];
  return engine.load(spec, { workload: { rows: PROMPTS.length, longestPrompts: PROMPTS, maxNewTokens: 64, promptPrefix } });
}

/** Texts of all prompts in `order`, at most `parallel` in flight, keyed back to the prompt's index. */
async function generateAll(model: LoadedModel, order: readonly number[], jsonSchema?: Record<string, unknown>): Promise<string[]> {
  const texts: string[] = [];
  await Promise.all(order.map(async (i) => {
    texts[i] = (await model.generate({ prompt: PROMPTS[i]!, maxNewTokens: 64, jsonSchema })).text;
  }));
  return texts;
}

describe("parallel sequences and prefix reuse (llama.cpp engine)", () => {
  it("outputs equal the one-row-at-a-time outputs, with 3 sequences and prefix reuse, in any row order", async () => {
    const sequential = await load(1, false);
    assert.equal(sequential.parallelism, 1);
    const order = PROMPTS.map((_, i) => i);
    const reference: Record<string, string[]> = { free: [], constrained: [] };
    for (const i of order) {
      reference.free![i] = (await sequential.generate({ prompt: PROMPTS[i]!, maxNewTokens: 64 })).text;
      reference.constrained![i] = (await sequential.generate({ prompt: PROMPTS[i]!, maxNewTokens: 64, jsonSchema: SCHEMA })).text;
    }
    await sequential.dispose();
    // The random model's outputs differ by prompt, so a row landing in the wrong place would show.
    assert.ok(new Set(reference.free).size >= 4, reference.free!.join(" | "));
    assert.ok(reference.constrained!.every((text) => JSON.parse(text) !== undefined));

    const parallel = await load(3, true);
    assert.equal(parallel.parallelism, 3);
    const reversed = [...order].reverse();
    const shuffled = [3, 0, 5, 1, 4, 2];
    for (const rowOrder of [order, reversed, shuffled]) {
      assert.deepEqual(await generateAll(parallel, rowOrder), reference.free, `free, order ${rowOrder.join(",")}`);
      assert.deepEqual(await generateAll(parallel, rowOrder, SCHEMA), reference.constrained, `constrained, order ${rowOrder.join(",")}`);
    }
    await parallel.dispose();

    const reuseOnly = await load(1, true);
    for (const i of shuffled) assert.equal((await reuseOnly.generate({ prompt: PROMPTS[i]!, maxNewTokens: 64 })).text, reference.free![i]);
    await reuseOnly.dispose();
  });

  it("prefix reuse evaluates fewer prompt tokens: the shared prefix stays in the KV cache", async () => {
    const counted = async (reusePrefix: boolean): Promise<number> => {
      const model = await load(1, reusePrefix);
      const tokensIn = { reported: 0 };
      for (const prompt of PROMPTS) tokensIn.reported += (await model.generate({ prompt, maxNewTokens: 8 })).tokensIn;
      const evaluated = evaluatedInputTokens(model);
      await model.dispose();
      // tokens_in stays the prompt's full length either way: it describes the row, not the cache.
      assert.ok(tokensIn.reported > 0);
      return evaluated;
    };
    const fresh = await counted(false);
    const reused = await counted(true);
    assert.ok(reused < fresh * 0.75, `evaluated ${reused} prompt tokens with reuse, ${fresh} without`);
  });

  it("sizes each sequence for the longest prompt plus max new tokens", async () => {
    const model = await load(2, true);
    const context = (model as unknown as { parts: { context: { contextSize: number; totalSequences: number } } }).parts.context;
    assert.equal(context.totalSequences, 2);
    const longest = Math.max(...await Promise.all(PROMPTS.map(async (prompt) => (await model.generate({ prompt, maxNewTokens: 1 })).tokensIn)));
    assert.ok(context.contextSize >= longest + 64, `context ${context.contextSize} for ${longest} + 64 tokens`);
    assert.ok(context.contextSize < 2048, `context ${context.contextSize}: sized for the rows, not the model's maximum`);
    await model.dispose();
  });
});

/** Prompt tokens the sequences actually evaluated (node-llama-cpp's token meters). */
function evaluatedInputTokens(model: LoadedModel): number {
  const sessions = (model as unknown as { parts: { sessions: Array<{ sequence: { tokenMeter: { usedInputTokens: number } } }> } }).parts.sessions;
  return sessions.reduce((sum, session) => sum + session.sequence.tokenMeter.usedInputTokens, 0);
}
