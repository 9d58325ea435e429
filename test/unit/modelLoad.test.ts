import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ModelLoadError } from "../../src/core/errors/modelLoadError";
import { UserError } from "../../src/core/errors/userError";
import type { ModelSpec } from "../../src/core/registry/modelSpec";
import type { RunEvent } from "../../src/core/runner/events";
import { runBenchmark } from "../../src/core/runner/runBenchmark";
import type { Engine } from "../../src/core/engine/engine";
import { createLlamaCppEngine } from "../../src/engines/llamaCpp";
import { templateCheckEnabled } from "../../src/engines/llamaCpp/chatTemplate";
import { checkGgufFile } from "../../src/engines/llamaCpp/ggufCheck";
import { brokenModels, buildTestModelBytes, writeBrokenModels, type BrokenModel } from "../helpers/brokenModels";
import { column, makeRunDir, readTable, runFiles } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

// Broken model files (test/helpers/brokenModels.ts) through the real node-llama-cpp, CPU only, one thread: each
// must end in a ModelLoadError whose reason names the file and says what is wrong, never in node-llama-cpp's
// "Invalid GGUF magic" or "Failed to load model" and never with a stack trace.

let broken: Record<string, BrokenModel>;
let paths: Record<string, string>;
let good: ModelSpec;
const engines: Engine[] = [];

function engine(logs?: string[]): Engine {
  const log = logs ? (level: string, message: string) => void logs.push(`${level}: ${message}`) : undefined;
  const created = createLlamaCppEngine({ modelsDir: "/nonexistent", threads: 1, gpu: false, allowDownload: false, log });
  engines.push(created);
  return created;
}

function spec(name: string): ModelSpec {
  return { name, tier: "custom", source: { kind: "file", path: paths[name]! } };
}

/** The reason names the file, says `says`, and carries no stack trace or node-llama-cpp's bare wording. */
function assertReason(name: string, error: unknown): asserts error is ModelLoadError {
  assert.ok(error instanceof ModelLoadError, `${name}: ${error instanceof Error ? error.stack : String(error)}`);
  assert.ok(error instanceof UserError, "a user error: the CLI exits 1 with the message, no stack");
  assert.equal(error.problem, broken[name]!.problem, `${name}: ${error.reason}`);
  assert.ok(error.reason.includes(paths[name]!), `${name}: the reason names the file: ${error.reason}`);
  assert.match(error.reason, broken[name]!.says, name);
  assert.match(error.message, new RegExp(`^Model "${name}" cannot be loaded: `));
  assert.doesNotMatch(error.reason, /\n\s+at |failed unexpectedly|Invalid GGUF magic|^Failed to load model/, name);
}

before(async () => {
  broken = await brokenModels();
  paths = writeBrokenModels(mkdtempSync(join(tmpdir(), "pb-broken-")), broken);
  good = { name: "tiny", tier: "custom", source: { kind: "file", path: await ensureTestModel() } };
});
after(async () => {
  for (const e of engines) await e.dispose();
});

describe("a model file that cannot load", () => {
  test("every broken file gives a ModelLoadError from load() whose reason names the file and what is wrong", { timeout: 300_000 }, async () => {
    const logs: string[] = [];
    const e = engine(logs);
    for (const name of Object.keys(broken)) {
      await assert.rejects(e.load(spec(name)), (error: unknown) => {
        assertReason(name, error);
        return true;
      });
    }
    // The engine still loads a good model after all of them (no state left broken).
    const loaded = await e.load(good);
    await loaded.dispose();
  });

  test("the header check alone recognises every file that is broken before its tensor data", async () => {
    // truncated-data and the architecture, tensor-type and offset cases need node-llama-cpp or llama.cpp.
    const headerOnly = ["empty", "text", "wrong-magic", "elf-binary", "one-byte", "html-page", "git-lfs-pointer", "version-9", "truncated-header", "offset-past-end", "metadata-count-bomb", "string-length-bomb"];
    for (const name of headerOnly) {
      assert.throws(() => checkGgufFile(name, paths[name]!), (error: unknown) => {
        assertReason(name, error);
        return true;
      });
    }
    assert.doesNotThrow(() => checkGgufFile("tiny", good.source.kind === "file" ? good.source.path : ""));
  });

  test("checkFit (the picker's and `prompt-bench models`' figure) gives the same reasons for a bad header", async () => {
    const e = engine();
    for (const name of ["text", "truncated-header", "metadata-count-bomb", "unknown-tensor-type"]) {
      await assert.rejects(e.checkFit!(spec(name)), (error: unknown) => {
        assertReason(name, error);
        return true;
      });
    }
  });

  test("a run with a bad file first skips it with the reason and runs the good model", { timeout: 300_000 }, async () => {
    const dir = makeRunDir();
    const events: RunEvent[] = [];
    const bad = spec("truncated-data");
    await runBenchmark({
      ...runFiles(dir),
      models: [bad, good],
      engine: engine(),
      maxNewTokens: 32,
      constrained: true,
      power: false,
      onEvent: (event) => events.push(event),
    });
    const done = events.filter((e): e is Extract<RunEvent, { type: "model-done" }> => e.type === "model-done");
    assert.deepEqual(done.map((e) => [e.model, e.skipped]), [["truncated-data", true], ["tiny", false]]);
    const reason = done[0]!.reason!;
    assert.ok(reason.startsWith(`cannot load: ${paths["truncated-data"]} is cut short or corrupted`), reason);
    const warning = events.find((e) => e.type === "log" && e.level === "warn" && e.message.includes("cannot be loaded"));
    assert.match(warning?.type === "log" ? warning.message : "", /Skipped; its rows stay empty \(fix or replace the model file as the reason says, then rerun to run them\)/);

    const meta = JSON.parse(readFileSync(`${dir.output}.meta.json`, "utf8")) as { models: Record<string, { skipped?: string }> };
    assert.equal(meta.models["truncated-data"]?.skipped, reason);
    assert.equal(meta.models.tiny?.skipped, undefined);
    const results = readTable(dir.output);
    assert.deepEqual(column(results, "raw_tiny__valid"), Array(6).fill("true"));
    const metrics = readTable(dir.metrics);
    const skippedOf = (model: string) => column(metrics, "skipped").filter((_, i) => column(metrics, "model")[i] === model);
    assert.deepEqual(skippedOf("truncated-data"), [reason, reason]);
    assert.deepEqual(skippedOf("tiny"), ["", ""]);
  });
});

describe("a hostile chat template in the GGUF", () => {
  // Each template is tried in a worker before node-llama-cpp renders it in this process; the run falls back to a
  // built-in chat format with a warning naming the file. Only the looping one gets a short (5 s) budget: the others
  // keep a generous one, so a slow machine cannot turn their verdict into "did not finish".
  const templates: Record<string, { template: string; says: RegExp; timeoutMs?: number }> = {
    loops: {
      timeoutMs: 5000,
      template: "{% for i in range(3000) %}{% for j in range(3000) %}{% for k in range(3000) %}{% endfor %}{% endfor %}{% endfor %}{{ messages[0]['content'] }}",
      says: /its chat template did not finish rendering a sample prompt within 5 s \(it loops without end, or nearly\)/,
    },
    grows: {
      template: `{% for i in range(3000) %}{{ '${"x".repeat(100)}' }}{% endfor %}{% for m in messages %}{{ m['content'] }}{% endfor %}`,
      says: /its chat template wraps a sample prompt in \d+ characters of its own text \(more than 256 KB\)/,
    },
    "cannot be rendered": {
      template: "{{ raise_exception('this model only chats in Klingon') }}",
      says: /its chat template cannot be rendered \(.*this model only chats in Klingon.*\)/,
    },
    "does not parse": {
      template: "{% for m in messages %}{{ m['content'] }",
      says: /its chat template cannot be rendered \(/,
    },
  };

  for (const [name, { template, says, timeoutMs = 120_000 }] of Object.entries(templates)) {
    test(`a template that ${name}: the run warns naming the file, uses a built-in format and finishes`, { timeout: 300_000 }, async () => {
        const model = name.replace(/ /g, "-");
      const dir = makeRunDir();
      const file = join(dir.dir, `${model}.gguf`);
      writeFileSync(file, await buildTestModelBytes({ chatTemplate: template }));
      const logs: string[] = [];
      const e = createLlamaCppEngine({ modelsDir: "/nonexistent", threads: 1, gpu: false, allowDownload: false, templateLimits: { timeoutMs }, log: (level, message) => void logs.push(`${level}: ${message}`) });
      engines.push(e);
      const events: RunEvent[] = [];
      await runBenchmark({
        ...runFiles(dir),
        models: [{ name: model, tier: "custom", source: { kind: "file", path: file } }],
        engine: e,
        maxNewTokens: 16,
        constrained: true,
        power: false,
        onEvent: (event) => events.push(event),
      });
      const warnings = logs.filter((l) => l.startsWith(`warn: ${file}: its chat template`));
      assert.equal(warnings.length, 1, logs.join("\n"));
      assert.match(warnings[0]!, says);
      assert.match(warnings[0]!, /using node-llama-cpp's built-in "[^"]+" chat format instead/);
      assert.ok(!logs.some((l) => /\n\s+at /.test(l)), "no stack trace in the log");
      const done = events.find((ev) => ev.type === "model-done");
      assert.deepEqual(done && done.type === "model-done" ? [done.skipped, done.reason] : [], [false, undefined]);
      assert.equal(column(readTable(dir.output), `raw_${model}__valid`).filter((v) => v === "true" || v === "false").length, 6, "every row ran");
    });
  }

  test("PROMPT_BENCH_TEMPLATE_CHECK=off (any case, spaces) turns the check off; anything else leaves it on", () => {
    assert.equal(templateCheckEnabled({ PROMPT_BENCH_TEMPLATE_CHECK: "off" }), false);
    assert.equal(templateCheckEnabled({ PROMPT_BENCH_TEMPLATE_CHECK: " OFF " }), false);
    for (const value of [undefined, "", "on", "0", "false"]) assert.equal(templateCheckEnabled({ PROMPT_BENCH_TEMPLATE_CHECK: value }), true, String(value));
  });

  test("PROMPT_BENCH_TEMPLATE_CHECK=off (templateCheck: false) skips the worker: a template node-llama-cpp cannot render still falls back, in-process", { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-template-off-"));
    const file = join(dir, "klingon.gguf");
    writeFileSync(file, await buildTestModelBytes({ chatTemplate: templates["cannot be rendered"]!.template }));
    const logs: string[] = [];
    const e = createLlamaCppEngine({ modelsDir: "/nonexistent", threads: 1, gpu: false, allowDownload: false, templateCheck: false, log: (level, message) => void logs.push(`${level}: ${message}`) });
    engines.push(e);
    const loaded = await e.load({ name: "klingon", tier: "custom", source: { kind: "file", path: file } });
    try {
      const warning = logs.find((l) => l.startsWith(`warn: ${file}: its chat template cannot be rendered (`));
      assert.ok(warning, logs.join("\n"));
      assert.match(warning, /this model only chats in Klingon/);
      assert.ok((await loaded.generate({ prompt: "Say something.", maxNewTokens: 8 })).tokensOut > 0);
    } finally {
      await loaded.dispose();
    }
  });
});
