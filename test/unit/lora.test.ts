import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { ModelFileMissingError } from "../../src/core/errors/modelFileMissingError";
import { ModelSelectionError } from "../../src/core/errors/modelSelectionError";
import { UserError } from "../../src/core/errors/userError";
import type { ModelSpec } from "../../src/core/registry/modelSpec";
import { parseUserEntries } from "../../src/core/registry/userEntries";
import type { RunOptions } from "../../src/core/runner/options";
import { runBenchmark } from "../../src/core/runner/runBenchmark";
import type { Engine } from "../../src/core/engine/engine";
import { createLlamaCppEngine } from "../../src/engines/llamaCpp";
import { runCli } from "../helpers/cli";
import { column, makeRunDir, readTable, runFiles } from "../helpers/runFixture";
import { ensureTestLora, ensureTestModel, loadMakeTestLora, repoRoot } from "../helpers/testModel";

type NLC = typeof import("node-llama-cpp", { with: { "resolution-mode": "import" } });

// The real node-llama-cpp on the generated test model and its generated adapter, CPU only.
const PROMPTS = ["Hans Müller, born 1970, lives in Berlin.", "Extract the fields from this letter.", "x"];

let modelPath: string;
let loraPath: string;
let engine: Engine;
const logs: string[] = [];

before(async () => {
  modelPath = await ensureTestModel();
  loraPath = await ensureTestLora();
  engine = createLlamaCppEngine({ modelsDir: "/nonexistent", threads: 1, gpu: false, allowDownload: false, log: (l, m) => logs.push(`${l}: ${m}`) });
});
after(async () => engine?.dispose());

const spec = (lora?: ModelSpec["lora"], name = "tiny"): ModelSpec => ({ name, tier: "custom", source: { kind: "file", path: modelPath }, ...(lora ? { lora } : {}) });

/** Greedy text of every prompt, free generation (no grammar), with the model loaded as `model`. */
async function greedy(model: ModelSpec): Promise<string[]> {
  const loaded = await engine.load(model);
  try {
    const texts: string[] = [];
    for (const prompt of PROMPTS) texts.push((await loaded.generate({ prompt, maxNewTokens: 32 })).text);
    return texts;
  } finally {
    await loaded.dispose();
  }
}

describe("make-test-lora", () => {
  it("writes the same small adapter bytes every time (script twice, in-process, cached file)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-lora-"));
    const script = join(repoRoot(), "scripts", "make-test-lora.mjs");
    const [a, b] = [join(dir, "a.gguf"), join(dir, "nested", "b.gguf")];
    execFileSync(process.execPath, [script, a]);
    execFileSync(process.execPath, [script, b]);
    assert.ok(readFileSync(a).equals(readFileSync(b)));
    const { buildTestLora } = await loadMakeTestLora();
    assert.ok(buildTestLora().equals(readFileSync(a)));
    assert.ok(readFileSync(loraPath).equals(readFileSync(a)), "ensureTestLora's cached file holds the generator's bytes");
    assert.ok(!buildTestLora({ seed: 2 }).equals(readFileSync(a)), "the seed changes the adapter");
    const size = statSync(a).size;
    assert.ok(size > 1_000 && size < 200_000, `small, got ${size} bytes`);
    rmSync(dir, { recursive: true, force: true });
  });

  it("is a GGUF LoRA adapter for the llama architecture, with A/B pairs in llama.cpp's layout", async () => {
    const { readGgufFileInfo } = (await import("node-llama-cpp")) as NLC;
    const info = await readGgufFileInfo(loraPath, { readTensorInfo: true });
    const meta = info.metadata as unknown as { general: { type: string; architecture: string }; adapter: { type: string; lora: { alpha: number } } };
    assert.equal(meta.general.type, "adapter");
    assert.equal(meta.general.architecture, "llama");
    assert.equal(meta.adapter.type, "lora");
    assert.equal(meta.adapter.lora.alpha, 8);
    const dims = new Map((info.fullTensorInfo ?? []).map((t) => [t.name, t.dimensions.map(Number)]));
    // Base blk.0.attn_q.weight is [64, 64]: A is [in, rank], B is [rank, out].
    assert.deepEqual(dims.get("blk.0.attn_q.weight.lora_a"), [64, 4]);
    assert.deepEqual(dims.get("blk.0.attn_q.weight.lora_b"), [4, 64]);
    assert.deepEqual(dims.get("output.weight.lora_b"), [4, 260]);
  });
});

describe("LoRA adapters with the real engine", () => {
  it("the adapter changes the test model's greedy output; at scale 0 it is the base model again", async () => {
    const base = await greedy(spec());
    const adapted = await greedy(spec([{ path: loraPath }]));
    for (const [i, text] of adapted.entries()) assert.notEqual(text, base[i], `prompt ${JSON.stringify(PROMPTS[i])}: same text with and without the adapter`);
    // The adapter boosts lowercase letters (see make-test-lora.mjs): the change has the planted direction.
    const lowercase = (texts: string[]): number => texts.join("").replace(/[^a-z]/g, "").length;
    assert.ok(lowercase(adapted) > lowercase(base), `${lowercase(adapted)} vs ${lowercase(base)} lowercase letters`);
    assert.deepEqual(await greedy(spec([{ path: loraPath, scale: 0 }])), base, "llama.cpp drops an adapter at scale 0");
    assert.ok(logs.some((l) => l.includes(`lora: ${loraPath} ×1)`)), "the load is logged with its adapters");
    assert.ok(!logs.some((l) => l.startsWith("warn:") && l.includes("fallback to CPU")), "llama.cpp's CPU-buffer note is not a warning");
  });

  it("an adapter made for another base model fails the load with a message naming the entry and the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-lora-"));
    const wrong = join(dir, "other-base.gguf");
    const { buildTestLora } = await loadMakeTestLora();
    writeFileSync(wrong, buildTestLora({ embedding: 128 }));
    await assert.rejects(engine.load(spec([{ path: wrong }], "tiny-wrong")), (error: unknown) => {
      assert.ok(error instanceof UserError, String(error));
      assert.match(error.message, /^Model "tiny-wrong": the LoRA adapter .*other-base\.gguf could not be applied to .*prompt-bench-test\.gguf/);
      // llama.cpp's reason, from its log (node-llama-cpp's own error leaves it out).
      assert.match(error.message, /: failed to apply lora adapter: tensor 'blk\.0\.attn_q\.weight' has incorrect shape \(hint: maybe wrong base model\?\)\. /);
      assert.match(error.message, /Fix "lora" in the entry "tiny-wrong" \(setting promptBench\.models or --models-file\)/);
      return true;
    });
    // The engine is still usable afterwards.
    assert.equal((await greedy(spec())).length, PROMPTS.length);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("lora in user model entries", () => {
  const parse = (lora: unknown, baseDir?: string): ModelSpec => parseUserEntries([{ name: "m", path: "/m.gguf", lora }], "models.json", baseDir)[0]!;

  it("accepts one path, a list of paths, and { path, scale } objects", () => {
    assert.deepEqual(parse("/a/x.gguf").lora, [{ path: "/a/x.gguf" }]);
    assert.deepEqual(parse(["/a/x.gguf", { path: "/a/y.gguf", scale: 0.5 }]).lora, [{ path: "/a/x.gguf" }, { path: "/a/y.gguf", scale: 0.5 }]);
    assert.deepEqual(parse([{ path: "/a/y.gguf", scale: -1 }]).lora, [{ path: "/a/y.gguf", scale: -1 }]);
    assert.equal(parse([]).lora, undefined, "an empty list means no adapters");
    assert.equal(parseUserEntries([{ name: "m", uri: "hf:o/r/f.gguf" }], "models.json")[0]!.lora, undefined);
    assert.deepEqual(parseUserEntries([{ name: "m", uri: "hf:o/r/f.gguf", lora: "/l.gguf" }], "f")[0]!.lora, [{ path: "/l.gguf" }], "on an hf: base too");
  });

  it("resolves relative adapter paths against the base folder, like the model's path", () => {
    assert.deepEqual(parse(["adapters/x.gguf", { path: "../y.gguf", scale: 2 }, "/abs/z.gguf"], "/cfg").lora, [
      { path: resolve("/cfg", "adapters/x.gguf") },
      { path: resolve("/cfg", "../y.gguf"), scale: 2 },
      { path: "/abs/z.gguf" },
    ]);
    assert.deepEqual(parse("adapters/x.gguf").lora, [{ path: "adapters/x.gguf" }], "no base folder: kept as written");
  });

  it("reports bad lora values with the entry, its name and what is expected", () => {
    const problems = (lora: unknown): string => {
      try {
        parse(lora);
      } catch (error) {
        assert.ok(error instanceof ModelSelectionError, String(error));
        return error.message;
      }
      assert.fail(`accepted ${JSON.stringify(lora)}`);
    };
    assert.match(problems(""), /models\.json: invalid model entry:\n {2}- entry \[0\] \("m"\): lora\.0\.path: path must not be empty/);
    assert.match(problems([{ path: "/x.gguf", scael: 1 }]), /entry \[0\] \("m"\): lora\.0: Unrecognized key: "scael"/);
    assert.match(problems([{ path: "/x.gguf", scale: "1" }]), /lora\.0\.scale: scale must be a number/);
    assert.match(problems([{ scale: 1 }]), /lora\.0\.path: path must be a string/);
    assert.match(problems([3]), /lora\.0: expected a path or \{ "path": "adapter\.gguf", "scale": 1 \}/);
    assert.match(problems(7), /lora: lora must be a path or a list like \[\{ "path": "adapter\.gguf", "scale": 1 \}\]/);
  });
});

describe("runBenchmark with LoRA adapters", () => {
  const options = (dir: ReturnType<typeof makeRunDir>, models: ModelSpec[]): RunOptions => ({
    ...runFiles(dir),
    models, engine, maxNewTokens: 16, constrained: false, power: false, skipMetrics: true,
  });

  it("a missing adapter file fails before anything runs or is written, naming the entry and the file", async () => {
    const dir = makeRunDir();
    const missing = join(dir.dir, "adapters", "missing.gguf");
    await assert.rejects(runBenchmark(options(dir, [spec([{ path: missing }], "tuned")])), (error: unknown) => {
      assert.ok(error instanceof ModelFileMissingError, String(error));
      assert.equal(error.message.split(". ")[0], `Model "tuned": LoRA adapter ${missing} does not exist`);
      assert.match(error.message, /Check "lora" in the entry "tuned" \(setting promptBench\.models or --models-file\)/);
      return true;
    });
    assert.equal(existsSync(dir.output), false, "no results file");
  });

  it("records the adapters in the run meta and refuses to resume a model under other adapters", async () => {
    const dir = makeRunDir();
    await runBenchmark(options(dir, [spec([{ path: loraPath }], "tuned")]));
    const meta = JSON.parse(readFileSync(`${dir.output}.meta.json`, "utf8")) as { models: Record<string, { lora?: string }> };
    assert.equal(meta.models.tuned?.lora, `${loraPath} ×1`);
    const before = readFileSync(dir.output, "utf8");
    for (const changed of [[{ path: loraPath, scale: 0.5 }], undefined]) {
      await assert.rejects(runBenchmark(options(dir, [spec(changed, "tuned")])), (error: unknown) => {
        assert.ok(error instanceof UserError, String(error));
        assert.match(error.message, /already holds rows of model "tuned" made with a different set of LoRA adapters\. Resuming would mix them/);
        return true;
      });
    }
    assert.equal(readFileSync(dir.output, "utf8"), before, "the refused runs changed nothing");
    // The same adapters resume (nothing left to do) without complaint.
    const again = await runBenchmark(options(dir, [spec([{ path: loraPath, scale: 1 }], "tuned")]));
    assert.equal(again.cancelled, false);
  });
});

describe("prompt-bench CLI with a models file that has LoRA entries", () => {
  it("runs a base model and base+adapter side by side; adapter paths are relative to the models file", () => {
    const dir = makeRunDir();
    mkdirSync(join(dir.dir, "adapters"));
    copyFileSync(loraPath, join(dir.dir, "adapters", "tuned.gguf"));
    const modelsFile = join(dir.dir, "models.json");
    writeFileSync(modelsFile, JSON.stringify([
      { name: "base", path: modelPath },
      { name: "tuned", path: modelPath, lora: [{ path: "adapters/tuned.gguf", scale: 1 }] },
    ]));
    const run = runCli(["run", "--prompt", dir.prompt, "--csv", dir.csv, "--output", dir.output, "--metrics", dir.metrics,
      "--models-file", modelsFile, "--model", "base,tuned", "--threads", "1", "--gpu", "off", "--no-download", "--max-new-tokens", "24"]);
    assert.equal(run.status, 0, run.stderr);
    const results = readTable(dir.output);
    const [base, tuned] = [column(results, "raw_base"), column(results, "raw_tuned")];
    assert.equal(base.length, 6);
    assert.ok(base.every((text, i) => text !== tuned[i]), "every row's output changes with the adapter");

    const listing = runCli(["models", "--json", "--models-file", modelsFile]);
    assert.equal(listing.status, 0, listing.stderr);
    const tunedListing = (JSON.parse(listing.stdout) as { name: string; lora?: unknown }[]).find((m) => m.name === "tuned");
    assert.deepEqual(tunedListing?.lora, [{ path: join(dir.dir, "adapters", "tuned.gguf"), scale: 1 }]);

    rmSync(join(dir.dir, "adapters", "tuned.gguf"));
    const missing = runCli(["run", "--prompt", dir.prompt, "--csv", dir.csv, "--output", join(dir.dir, "other.csv"),
      "--models-file", modelsFile, "--model", "tuned", "--threads", "1", "--gpu", "off", "--no-download"]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /Model "tuned": LoRA adapter .*adapters\/tuned\.gguf does not exist\. Check "lora" in the entry "tuned"/);
  });
});
