import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ensureTestModel, loadMakeTestModel, repoRoot } from "../helpers/testModel";

type NLC = typeof import("node-llama-cpp", { with: { "resolution-mode": "import" } });

const sha256 = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");
const script = join(repoRoot(), "scripts", "make-test-model.mjs");
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), "prompt-bench-test-model-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("make-test-model", () => {
  it("writes the same bytes on every run (script run twice, and in-process)", async () => {
    const a = join(dir, "a.gguf");
    const b = join(dir, "nested", "deeper", "b.gguf");
    execFileSync(process.execPath, [script, a]);
    execFileSync(process.execPath, [script, b]);
    assert.equal(sha256(a), sha256(b));
    const { writeTestModel } = (await loadMakeTestModel()) as unknown as { writeTestModel(p: string): string };
    const c = writeTestModel(join(dir, "c.gguf"));
    assert.equal(sha256(c), sha256(a));
    const size = statSync(a).size;
    assert.ok(size > 50_000 && size < 1_000_000, `a few hundred KB at most, got ${size}`);
  });

  it("changes with the seed and the options", () => {
    const base = join(dir, "base.gguf");
    const seeded = join(dir, "seed7.gguf");
    const f32 = join(dir, "f32.gguf");
    execFileSync(process.execPath, [script, base]);
    execFileSync(process.execPath, [script, seeded, "--seed", "7"]);
    execFileSync(process.execPath, [script, f32, "--f32"]);
    assert.notEqual(sha256(seeded), sha256(base));
    assert.ok(statSync(f32).size > 3 * statSync(base).size, "f32 weights take about 4x the bytes of q8_0");
  });

  it("rejects unknown options with exit code 2", () => {
    const run = spawnSync(process.execPath, [script, join(dir, "x.gguf"), "--bogus"], { encoding: "utf8" });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /unknown option --bogus/);
  });

  it("is a GGUF v3 llama model with the byte vocabulary, a chat template and aligned tensors", async () => {
    const path = join(dir, "read.gguf");
    execFileSync(process.execPath, [script, path, "--blocks", "3"]);
    const bytes = readFileSync(path);
    assert.equal(bytes.subarray(0, 4).toString("ascii"), "GGUF");
    assert.equal(bytes.readUInt32LE(4), 3);
    const { readGgufFileInfo } = (await import("node-llama-cpp")) as NLC;
    const info = await readGgufFileInfo(path, { readTensorInfo: true });
    const meta = info.metadata as unknown as Record<string, Record<string, unknown>>;
    assert.equal(meta.general!.architecture, "llama");
    assert.equal(meta.general!.alignment, 32);
    const llama = meta.llama as Record<string, unknown> & { attention: Record<string, unknown>; rope: Record<string, unknown> };
    assert.equal(llama.context_length, 2048);
    assert.equal(llama.embedding_length, 64);
    assert.equal(llama.block_count, 3);
    assert.equal(llama.feed_forward_length, 128);
    assert.equal(llama.attention.head_count, 4);
    assert.equal(llama.attention.head_count_kv, 4);
    assert.equal(llama.rope.dimension_count, 16);
    const tokenizer = meta.tokenizer as { ggml: Record<string, unknown>; chat_template: string };
    const tokens = tokenizer.ggml.tokens as string[];
    const types = tokenizer.ggml.token_type as number[];
    assert.equal(tokenizer.ggml.model, "llama");
    assert.deepEqual(tokens.slice(0, 3), ["<unk>", "<s>", "</s>"]);
    assert.equal(tokens[3 + 0x41], "<0x41>");
    assert.equal(types[3 + 0x41], 6);
    assert.ok(tokens.includes("\u2581"), "has SentencePiece's space token");
    assert.equal(tokens.length, 260);
    assert.match(tokenizer.chat_template, /messages/);

    const tensors = info.fullTensorInfo ?? [];
    const names = tensors.map((t) => t.name);
    assert.equal(tensors.length, 3 + 3 * 9);
    for (const name of ["token_embd.weight", "output_norm.weight", "output.weight", "blk.2.ffn_down.weight", "blk.0.attn_q.weight"]) {
      assert.ok(names.includes(name), `missing ${name}`);
    }
    const down = tensors.find((t) => t.name === "blk.0.ffn_down.weight")!;
    assert.deepEqual(down.dimensions.map(Number), [128, 64], "dims are listed innermost first");
    for (const t of tensors) assert.equal(Number(t.offset) % 32, 0, `${t.name} is aligned`);
  });

  it("ensureTestModel writes the default model once and replaces a stale file", async () => {
    const path = await ensureTestModel();
    const fresh = sha256(path);
    const { ensureTestModel: ensure } = await loadMakeTestModel();
    const copy = join(dir, "stale.gguf");
    writeFileSync(copy, "not a model");
    assert.equal(ensure(copy), copy);
    assert.equal(sha256(copy), fresh, "a stale file is rewritten with the current bytes");
    const before = statSync(path).mtimeMs;
    assert.equal(await ensureTestModel(), path);
    assert.equal(statSync(path).mtimeMs, before, "an up-to-date file is left alone");
  });
});
