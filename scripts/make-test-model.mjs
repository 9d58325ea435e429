#!/usr/bin/env node
// Writes a tiny random llama-architecture GGUF, byte-for-byte deterministic for given options, so tests and
// the demo run the real node-llama-cpp path offline. Its outputs mean nothing.
// Usage: node scripts/make-test-model.mjs [outPath] [--embedding N --blocks N --ff N --heads N --seed N --f32]
import { resolve } from "node:path";
import { ensureFile, runAsScript, writeAtomically } from "./test-model/files.mjs";
import { ALIGNMENT, GGML, T, Writer, quantizeQ8_0 } from "./test-model/gguf.mjs";
import { makeRandom, tensorShapes, tensorValues, vocabulary } from "./test-model/weights.mjs";

export const DEFAULT_TEST_MODEL_PATH = ".cache/models/prompt-bench-test.gguf";
/** Seeds 1-12 all gave 40/40 schema-valid outputs; 5 also gives different outputs for different prompts. */
export const DEFAULT_SEED = 5;
// node-llama-cpp only needs a template it can render; the generation prompt ends with "assistant:".
const CHAT_TEMPLATE =
  "{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}" +
  "{% if add_generation_prompt %}assistant:{% endif %}";

/**
 * Builds the GGUF bytes; exported for tests that want them without touching the disk. For the broken-model tests:
 * `architecture` and `chatTemplate` replace those metadata strings, `tensorType` the ggml type number of the 2-D
 * tensors (their data is still q8_0), `tensorOffsetShift` is added to the last tensor's data offset.
 */
export function buildTestModel({
  seed = DEFAULT_SEED, quant = "q8_0", embedding = 64, blocks = 2, ff = 128, heads = 4,
  architecture = "llama", chatTemplate = CHAT_TEMPLATE, tensorType, tensorOffsetShift = 0,
} = {}) {
  if (quant !== "q8_0" && quant !== "f32") throw new Error(`quant must be "q8_0" or "f32", got ${quant}`);
  if (embedding % heads !== 0) throw new Error("embedding must be a multiple of heads");
  if (quant === "q8_0" && (embedding % 32 !== 0 || ff % 32 !== 0)) throw new Error("q8_0 needs embedding and ff divisible by 32");
  const shape = { embedding, blocks, ff, heads };
  const vocab = vocabulary();
  const rng = makeRandom(seed);
  const tensors = tensorShapes(shape, vocab.tokens.length).map(([name, dims]) => {
    const values = tensorValues(name, dims, rng);
    const type = quant === "q8_0" && dims.length === 2 ? GGML.Q8_0 : GGML.F32;
    const data = type === GGML.Q8_0 ? quantizeQ8_0(values) : Buffer.from(values.buffer);
    return { name, dims, type, data };
  });

  const w = new Writer();
  w.push(Buffer.from("GGUF", "ascii"));
  w.u32(3);
  w.u64(tensors.length);
  const kv = [
    ["general.architecture", T.STRING, architecture],
    ["general.name", T.STRING, "prompt-bench-test"],
    ["general.description", T.STRING, `Random weights (seed ${seed}) for Prompt Bench tests; outputs mean nothing.`],
    ["general.alignment", T.U32, ALIGNMENT],
    ["general.file_type", T.U32, quant === "q8_0" ? 7 : 0],
    ["llama.context_length", T.U32, 2048],
    ["llama.embedding_length", T.U32, embedding],
    ["llama.block_count", T.U32, blocks],
    ["llama.feed_forward_length", T.U32, ff],
    ["llama.attention.head_count", T.U32, heads],
    ["llama.attention.head_count_kv", T.U32, heads],
    ["llama.rope.dimension_count", T.U32, embedding / heads],
    ["llama.attention.layer_norm_rms_epsilon", T.F32, 1e-5],
    ["llama.vocab_size", T.U32, vocab.tokens.length],
    ["tokenizer.ggml.model", T.STRING, "llama"],
    ["tokenizer.ggml.bos_token_id", T.U32, 1],
    ["tokenizer.ggml.eos_token_id", T.U32, 2],
    ["tokenizer.ggml.unknown_token_id", T.U32, 0],
    ["tokenizer.ggml.add_bos_token", T.BOOL, true],
    ["tokenizer.ggml.add_eos_token", T.BOOL, false],
    ["tokenizer.chat_template", T.STRING, chatTemplate],
  ];
  w.u64(kv.length + 3);
  for (const [key, type, v] of kv) w.keyValue(key, type, v);
  w.array("tokenizer.ggml.tokens", T.STRING, vocab.tokens);
  w.array("tokenizer.ggml.scores", T.F32, vocab.scores);
  w.array("tokenizer.ggml.token_type", T.I32, vocab.types);

  let offset = 0;
  for (const [i, t] of tensors.entries()) {
    w.string(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(tensorType !== undefined && t.type === GGML.Q8_0 ? tensorType : t.type);
    w.u64(i === tensors.length - 1 ? offset + tensorOffsetShift : offset);
    offset += Math.ceil(t.data.length / ALIGNMENT) * ALIGNMENT;
  }
  w.pad();
  for (const t of tensors) { w.push(t.data); w.pad(); }
  return Buffer.concat(w.chunks);
}

/** Writes the model to outPath (relative to the current folder) and returns the absolute path. */
export function writeTestModel(outPath = DEFAULT_TEST_MODEL_PATH, options = {}) {
  return writeAtomically(resolve(outPath), buildTestModel(options));
}

/** Returns outPath's absolute path after making sure it holds this generator's bytes (a stale file is replaced). */
export function ensureTestModel(outPath = DEFAULT_TEST_MODEL_PATH, options = {}) {
  return ensureFile(outPath, buildTestModel(options));
}

function parseArgs(argv) {
  const options = {};
  let outPath;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--f32") options.quant = "f32";
    else if (["--embedding", "--blocks", "--ff", "--heads", "--seed"].includes(arg)) {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${arg} needs a positive integer`);
      options[arg.slice(2)] = n;
    } else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}`);
    else outPath = arg;
  }
  return { outPath, options };
}

runAsScript(import.meta.url, "make-test-model", "node scripts/make-test-model.mjs [outPath] [--embedding N --blocks N --ff N --heads N --seed N --f32]", parseArgs, writeTestModel);
