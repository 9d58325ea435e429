import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parseRunArgs } from "../../src/cli/args";
import { HELP } from "../../src/cli/help";
import { UsageError } from "../../src/cli/usageError";
import { UserError } from "../../src/core/errors/userError";
import { computeMetrics, type ResultsView } from "../../src/core/metrics/computeMetrics";
import { formatMetricsCsv } from "../../src/core/metrics/metricsCsv";
import type { ModelSpec } from "../../src/core/registry/modelSpec";
import type { RunOptions } from "../../src/core/runner/options";
import { runBenchmark } from "../../src/core/runner/runBenchmark";
import { parseOutput, type ParsedOutput } from "../../src/core/schema/extract";
import { countReasoningTokens, splitThink } from "../../src/core/schema/think";
import type { Engine } from "../../src/core/engine/engine";
import { LlamaCppLoadedModel, literalThinkTokens } from "../../src/engines/llamaCpp/loadedModel";
import { loadNodeLlamaCpp, type Llama, type LlamaModel } from "../../src/engines/llamaCpp/nodeLlamaCpp";
import { column, FIXTURES, makeRunDir, readTable, runFiles } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

const FIELDS = ["city", "first_date", "patient_name"];
const DIR = join(FIXTURES, "thinking");
const fixture = (name: string): string => readFileSync(join(DIR, name), "utf8");
const UNCLOSED = /^the reasoning never ended: <think> was not closed within 312 output tokens — raise max new tokens \(--max-new-tokens, promptBench\.maxNewTokens\) or cap reasoning \(--max-reasoning-tokens, promptBench\.maxReasoningTokens\)$/;

// Recorded-style raw outputs of QwQ / R1-distill models (test/fixtures/thinking/) and what each must parse to.
const CASES: Record<string, { expected: ParsedOutput | RegExp; unclosed: boolean; parts: number }> = {
  "qwq-closed-fenced.txt": { expected: { ok: true, values: { city: "Köln", first_date: "12.03.2021", patient_name: "Hans Müller" } }, unclosed: false, parts: 1 },
  "r1-distill-stray-close.txt": { expected: { ok: true, values: { city: "Freiburg", first_date: "02.11.2020", patient_name: "Anna Schmidt" } }, unclosed: false, parts: 1 },
  "qwq-unclosed-cut.txt": { expected: UNCLOSED, unclosed: true, parts: 1 },
  "think-json-then-answer.txt": { expected: { ok: true, values: { city: "Lübeck", first_date: "21.06.2019", patient_name: "Karl Weber" } }, unclosed: false, parts: 1 },
  "nested-think.txt": { expected: { ok: true, values: { city: "Dresden", first_date: "3.4.21", patient_name: "Maria Hoffmann" } }, unclosed: false, parts: 2 },
  "multiple-think.txt": { expected: { ok: true, values: { city: "Münster", first_date: "14.01.2022", patient_name: "Jürgen Becker" } }, unclosed: false, parts: 2 },
  "think-no-answer.txt": { expected: { ok: false, error: "no answer after the <think> reasoning" }, unclosed: false, parts: 1 },
  "prose-then-unclosed.txt": { expected: UNCLOSED, unclosed: true, parts: 1 },
  "answer-then-unclosed.txt": { expected: { ok: true, values: { city: "Bonn", first_date: "28.08.2023", patient_name: "Petra Klein" } }, unclosed: true, parts: 1 },
  "closed-think-invalid-answer.txt": { expected: { ok: false, error: "missing field 'city'" }, unclosed: false, parts: 1 },
};

describe("thinking-model raw outputs (recorded fixtures)", () => {
  test("every fixture has an expectation", () => {
    assert.deepEqual(readdirSync(DIR).sort(), Object.keys(CASES).sort());
  });

  for (const [name, { expected, unclosed, parts }] of Object.entries(CASES)) {
    test(`${name} → ${expected instanceof RegExp ? "unclosed-think failure" : expected.ok ? "valid" : expected.error}`, () => {
      const raw = fixture(name);
      const result = parseOutput(raw, FIELDS, { tokensOut: 312 });
      if (expected instanceof RegExp) {
        assert.equal(result.ok, false);
        assert.match((result as { error: string }).error, expected);
      } else assert.deepEqual(result, expected);
      const split = splitThink(raw);
      assert.equal(split.unclosed, unclosed);
      assert.equal(split.reasoning.length, parts);
      // Reasoning parts are the text inside the tags: no tag is left in them or in the answer.
      for (const text of [...split.reasoning, split.answer]) assert.doesNotMatch(text, /<\/?think>/i);
    });
  }

  test("JSON inside an unclosed think block is never taken as the answer", () => {
    const raw = fixture("qwq-unclosed-cut.txt");
    assert.match(raw, /\{"patient_name": "Karl Weber", "first_date": "21.06.2019", "city": "Hamburg"\}/, "the fixture holds valid JSON in its reasoning");
    assert.equal(parseOutput(raw, FIELDS).ok, false);
    assert.equal(splitThink(raw).answer, "");
  });

  test("the unclosed reason says 'before the output ended' when the token count is unknown", () => {
    const result = parseOutput(fixture("prose-then-unclosed.txt"), FIELDS);
    assert.match((result as { error: string }).error, /^the reasoning never ended: <think> was not closed before the output ended — /);
  });

  test("JSON-looking drafts in a closed think block lose to the answer after it", () => {
    const split = splitThink(fixture("think-json-then-answer.txt"));
    assert.match(split.reasoning[0]!, /"city": "Hamburg"/);
    assert.doesNotMatch(split.answer, /Hamburg/);
  });

  test("countReasoningTokens counts only the reasoning parts", () => {
    const chars = (text: string): number => [...text].length;
    const raw = fixture("multiple-think.txt");
    const [first, second] = splitThink(raw).reasoning;
    assert.equal(countReasoningTokens(raw, chars), chars(first!) + chars(second!));
    assert.equal(countReasoningTokens('{"city": "Bonn"}', chars), 0);
    assert.equal(countReasoningTokens("<think></think>{}", chars), 0);
  });
});

describe("reasoning tokens on the real test model", () => {
  let llama: Llama;
  let model: LlamaModel;
  let modelPath: string;

  before(async () => {
    modelPath = await ensureTestModel();
    const nlc = await loadNodeLlamaCpp();
    llama = await nlc.getLlama({ gpu: false, maxThreads: 1 });
    model = await llama.loadModel({ modelPath });
  });
  after(async () => {
    await model?.dispose();
    await llama?.dispose();
  });

  /** A LlamaCppLoadedModel like the engine's, but with Qwen 3.5's chat wrapper, which opens a thought segment at
   *  the start of every response: the only way to make the random test model "think". */
  async function qwenThinkingModel(spec: ModelSpec): Promise<LlamaCppLoadedModel> {
    const nlc = await loadNodeLlamaCpp();
    const own = await llama.loadModel({ modelPath });
    const context = await own.createContext({ contextSize: 2048, threads: 1 });
    const session = new nlc.LlamaChatSession({ contextSequence: context.getSequence(), chatWrapper: new nlc.QwenChatWrapper({ variation: "3.5" }) });
    return new LlamaCppLoadedModel({ spec, loadSeconds: 0, llama, model: own, context, sessions: [session], reusePrefix: false, seed: 1, onDispose: () => undefined });
  }

  test("literal <think> text is counted with the model's tokenizer, answer excluded", () => {
    // The test vocabulary has one token per byte; tokenizing a part on its own may add the tokenizer's leading space.
    for (const name of ["qwq-closed-fenced.txt", "nested-think.txt", "think-no-answer.txt", "qwq-unclosed-cut.txt"]) {
      const raw = fixture(name);
      const { reasoning } = splitThink(raw);
      const bytes = reasoning.reduce((sum, part) => sum + Buffer.byteLength(part), 0);
      const counted = literalThinkTokens(model, raw);
      assert.ok(counted >= bytes && counted <= bytes + reasoning.length, `${name}: ${counted} tokens for ${bytes} bytes in ${reasoning.length} part(s)`);
    }
    const raw = fixture("think-json-then-answer.txt");
    const longerAnswer = raw.replace("Here is the extracted data:", "Here is the extracted data, checked twice against the letter:");
    assert.notEqual(longerAnswer, raw);
    assert.equal(literalThinkTokens(model, longerAnswer), literalThinkTokens(model, raw));
    assert.equal(literalThinkTokens(model, '{"city": "Bonn"}'), 0);
  });

  test("thought segments are counted, and an unfinished thought stays unclosed in the raw text", async () => {
    const loaded = await qwenThinkingModel({ name: "tiny-thinking", tier: "custom", source: { kind: "file", path: modelPath } });
    try {
      const result = await loaded.generate({ prompt: "Extract the city: Köln, 12.03.2021", maxNewTokens: 24 });
      assert.equal(result.tokensOut, 24);
      assert.equal(result.reasoningTokens, 24, "every generated token was inside the thought");
      assert.match(result.text, /^<think>/);
      assert.doesNotMatch(result.text, /<\/think>/);
      const parsed = parseOutput(result.text, FIELDS, { tokensOut: result.tokensOut });
      assert.equal(parsed.ok, false);
      assert.match((parsed as { error: string }).error, /^the reasoning never ended: <think> was not closed within 24 output tokens/);
    } finally {
      await loaded.dispose();
    }
  });

  test("maxReasoningTokens reaches node-llama-cpp's thought budget: the thought closes after that many tokens", async () => {
    const loaded = await qwenThinkingModel({ name: "tiny-thinking", tier: "custom", source: { kind: "file", path: modelPath } });
    try {
      const result = await loaded.generate({ prompt: "Extract the city: Köln, 12.03.2021", maxNewTokens: 24, maxReasoningTokens: 5 });
      assert.equal(result.reasoningTokens, 5);
      assert.ok(result.tokensOut > 5, `the answer goes on after the thought: ${result.tokensOut} tokens out`);
      const closed = /^<think>([\s\S]*)<\/think>([\s\S]*)$/.exec(result.text);
      assert.ok(closed, result.text);
      assert.ok(closed[2]!.length > 0, "an answer follows the closed thought");
      // The text-based count of the same output lands on the segment count (±1 for the tokenizer's leading space).
      const literal = literalThinkTokens(model, result.text);
      assert.ok(literal >= 5 && literal <= 6, String(literal));
    } finally {
      await loaded.dispose();
    }
  });

  test("a run's --max-reasoning-tokens lands in the rows, the metrics and the resume check", async () => {
    const spec: ModelSpec = { name: "tiny-thinking", tier: "custom", source: { kind: "file", path: modelPath } };
    // A real engine: node-llama-cpp on the test model, only with the thinking chat wrapper (see qwenThinkingModel).
    const engine: Engine = { id: "node-llama-cpp (Qwen 3.5 wrapper)", load: (s) => qwenThinkingModel(s), dispose: async () => undefined };
    const dir = makeRunDir();
    const options = (maxReasoningTokens?: number): RunOptions => ({
      ...runFiles(dir),
      models: [spec], engine, maxNewTokens: 12, maxReasoningTokens, constrained: false, power: false,
    });
    await runBenchmark(options(4));
    const results = readTable(dir.output);
    assert.deepEqual(column(results, "raw_tiny-thinking__tokens_reasoning"), Array(6).fill("4"));
    assert.ok(column(results, "raw_tiny-thinking").every((raw) => /^<think>[\s\S]*<\/think>/.test(raw)), "reasoning kept in raw_<model>");
    const metrics = readTable(dir.metrics);
    assert.deepEqual(column(metrics, "tokens_reasoning"), ["24", "24"], "6 rows × 4 tokens, on each field's row");
    const meta = JSON.parse(readFileSync(`${dir.output}.meta.json`, "utf8")) as { models: Record<string, { maxReasoningTokens?: number }> };
    assert.equal(meta.models["tiny-thinking"]!.maxReasoningTokens, 4);
    // Resuming under another cap would mix rows: refused, naming the setting; the same cap resumes.
    await assert.rejects(runBenchmark(options(8)), (error: unknown) => error instanceof UserError && /different reasoning cap \(--max-reasoning-tokens\)/.test(error.message));
    await assert.rejects(runBenchmark(options(undefined)), UserError);
    await runBenchmark(options(4));
  });
});

describe("tokens_reasoning in the metrics", () => {
  const view = (cells: Record<string, string>[]): ResultsView => ({ rowCount: cells.length, get: (row, col) => cells[row]?.[col] ?? "" });

  test("sums the rows' facts per model; empty when no row of the model has the fact", () => {
    const results = view([
      { "raw_qwq__valid": "true", "raw_qwq__tokens_reasoning": "120", "raw_llama__valid": "true" },
      { "raw_qwq__valid": "false", "raw_qwq__tokens_reasoning": "0", "raw_llama__valid": "true" },
      { "raw_qwq__valid": "true", "raw_qwq__tokens_reasoning": "35", "raw_llama__valid": "false" },
      { "raw_qwq__valid": "true", "raw_qwq__tokens_reasoning": "", "raw_llama__valid": "true" },
    ]);
    const rows = computeMetrics(results, ["city"], ["qwq", "llama"]);
    assert.equal(rows.find((r) => r.model === "qwq")!.tokens_reasoning, 155);
    assert.equal(rows.find((r) => r.model === "llama")!.tokens_reasoning, undefined);
    const [header, qwq, llama] = formatMetricsCsv(rows).trim().split(/\r?\n/).map((line) => line.split(","));
    const at = header!.indexOf("tokens_reasoning");
    assert.equal(qwq![at], "155");
    assert.equal(llama![at], "", "an old results file without the fact: empty, never 0");
  });

  test("a model whose rows all reasoned 0 tokens shows 0, not empty", () => {
    const rows = computeMetrics(view([{ "raw_m__valid": "true", "raw_m__tokens_reasoning": "0" }]), ["city"], ["m"]);
    assert.equal(rows[0]!.tokens_reasoning, 0);
  });
});

describe("--max-reasoning-tokens", () => {
  const base = ["--prompt", "p.prompt.txt", "--csv", "d.csv"];

  test("parses a positive integer, defaults to no cap, and rejects anything else naming the flag", () => {
    assert.equal(parseRunArgs([...base, "--max-reasoning-tokens", "512"]).maxReasoningTokens, 512);
    assert.equal(parseRunArgs(base).maxReasoningTokens, undefined);
    for (const bad of ["0", "-3", "1.5", "lots"]) {
      assert.throws(() => parseRunArgs([...base, "--max-reasoning-tokens", bad]), (e: unknown) => e instanceof UsageError && e.message.includes("--max-reasoning-tokens"));
    }
  });

  test("is in the help", () => {
    assert.match(HELP, /--max-reasoning-tokens N\n\s+cap on a thinking model's reasoning/);
  });
});
