#!/usr/bin/env node
// Writes a LoRA adapter GGUF for the test model (make-test-model.mjs at its default shape), byte-for-byte
// deterministic, so tests can check that an adapter really changes the model's greedy output.
// Usage: node scripts/make-test-lora.mjs [outPath] [--seed N --strength X]
import { resolve } from "node:path";
import { ensureFile, runAsScript, writeAtomically } from "./test-model/files.mjs";
import { ALIGNMENT, GGML, T, Writer } from "./test-model/gguf.mjs";
import { makeRandom, vocabulary } from "./test-model/weights.mjs";

export const DEFAULT_TEST_LORA_PATH = ".cache/models/prompt-bench-test-lora.gguf";
const RANK = 4;
const ALPHA = 8; // llama.cpp scales by alpha / rank, so 2 at adapter scale 1

const isLowercase = (tokenId) => tokenId - 3 >= 0x61 && tokenId - 3 <= 0x7a && tokenId - 3 !== 0x65; // byte tokens a-z but e

/**
 * The tensors, in llama.cpp's layout (llama-adapter.cpp): for a base tensor of ne [in, out], `lora_a` is
 * [in, rank] and `lora_b` is [rank, out]; the layer computes W·x + scale·B·(A·x).
 * - `output.weight`: rank 0 of A reads dimension 0 of the final hidden state, which the test model keeps constant
 *   (its planted bias feature), and B turns it into a logit boost for lowercase letters: greedy text visibly shifts.
 * - `blk.N.attn_q/attn_v.weight`: small random updates, so the per-block path is exercised too.
 */
function adapterTensors({ seed, strength, embedding, blocks }) {
  const rng = makeRandom(seed);
  const vocabSize = vocabulary().tokens.length;
  const random = (count, std) => Float32Array.from({ length: count }, () => rng.gaussian() * std);
  const tensors = [];
  const add = (base, inDim, outDim, a, b) => {
    tensors.push({ name: `${base}.lora_a`, dims: [inDim, RANK], values: a });
    tensors.push({ name: `${base}.lora_b`, dims: [RANK, outDim], values: b });
  };
  for (let i = 0; i < blocks; i++) {
    for (const kind of ["attn_q", "attn_v"]) {
      add(`blk.${i}.${kind}.weight`, embedding, embedding, random(embedding * RANK, 0.2), random(RANK * embedding, 0.1 * strength));
    }
  }
  const outA = random(embedding * RANK, 0.05);
  outA.fill(0, 0, embedding);
  outA[0] = 1;
  const outB = random(RANK * vocabSize, 0.02);
  for (let token = 0; token < vocabSize; token++) outB[token * RANK] = isLowercase(token) ? 0.25 * strength : 0;
  add("output.weight", embedding, vocabSize, outA, outB);
  return tensors;
}

/** Builds the adapter's GGUF bytes (f32 tensors, a few tens of KB). */
export function buildTestLora({ seed = 1, strength = 1, embedding = 64, blocks = 2 } = {}) {
  if (!(strength > 0)) throw new Error("strength must be a positive number");
  const tensors = adapterTensors({ seed, strength, embedding, blocks });
  const w = new Writer();
  w.push(Buffer.from("GGUF", "ascii"));
  w.u32(3);
  w.u64(tensors.length);
  const kv = [
    ["general.architecture", T.STRING, "llama"],
    ["general.type", T.STRING, "adapter"],
    ["general.name", T.STRING, "prompt-bench-test-lora"],
    ["general.alignment", T.U32, ALIGNMENT],
    ["adapter.type", T.STRING, "lora"],
    ["adapter.lora.alpha", T.F32, ALPHA],
  ];
  w.u64(kv.length);
  for (const [key, type, v] of kv) w.keyValue(key, type, v);
  let offset = 0;
  for (const t of tensors) {
    w.string(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(GGML.F32);
    w.u64(offset);
    offset += Math.ceil(t.values.byteLength / ALIGNMENT) * ALIGNMENT;
  }
  w.pad();
  for (const t of tensors) {
    w.push(Buffer.from(t.values.buffer));
    w.pad();
  }
  return Buffer.concat(w.chunks);
}

/** Writes the adapter to outPath (relative to the current folder) and returns the absolute path. */
export function writeTestLora(outPath = DEFAULT_TEST_LORA_PATH, options = {}) {
  return writeAtomically(resolve(outPath), buildTestLora(options));
}

/** Returns outPath's absolute path after making sure it holds this generator's bytes (a stale file is replaced). */
export function ensureTestLora(outPath = DEFAULT_TEST_LORA_PATH, options = {}) {
  return ensureFile(outPath, buildTestLora(options));
}

function parseArgs(argv) {
  const options = {};
  let outPath;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--seed") {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error("--seed needs a positive integer");
      options.seed = n;
    } else if (arg === "--strength") {
      const x = Number(argv[++i]);
      if (!(x > 0)) throw new Error("--strength needs a positive number");
      options.strength = x;
    } else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}`);
    else outPath = arg;
  }
  return { outPath, options };
}

runAsScript(import.meta.url, "make-test-lora", "node scripts/make-test-lora.mjs [outPath] [--seed N --strength X]", parseArgs, writeTestLora);
