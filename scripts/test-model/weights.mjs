// The random weights and vocabulary of the test model (see make-test-model.mjs).
const TOKEN = { NORMAL: 1, UNKNOWN: 2, CONTROL: 3, BYTE: 6 };

/** mulberry32: a small seeded PRNG, so the file never depends on Math.random. */
export function makeRandom(seed) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Box-Muller; one value per call keeps the sequence simple to reason about.
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, gaussian };
}

export function vocabulary() {
  const tokens = ["<unk>", "<s>", "</s>"];
  const types = [TOKEN.UNKNOWN, TOKEN.CONTROL, TOKEN.CONTROL];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`);
    types.push(TOKEN.BYTE);
  }
  tokens.push("\u2581"); // SentencePiece's space; without it spaces come back as "▁"
  types.push(TOKEN.NORMAL);
  return { tokens, types, scores: tokens.map(() => 0) };
}

/** Byte tokens of printable ASCII except e/E (a random model otherwise writes 1e999-style JSON numbers). */
function isFavoured(tokenId) {
  const byte = tokenId - 3;
  return byte >= 0x20 && byte < 0x7f && byte !== 0x65 && byte !== 0x45;
}

export function tensorShapes(s, vocabSize) {
  const list = [
    ["token_embd.weight", [s.embedding, vocabSize]],
    ["output_norm.weight", [s.embedding]],
    ["output.weight", [s.embedding, vocabSize]],
  ];
  for (let i = 0; i < s.blocks; i++) {
    const b = `blk.${i}.`;
    list.push(
      [`${b}attn_norm.weight`, [s.embedding]],
      [`${b}attn_q.weight`, [s.embedding, s.embedding]],
      [`${b}attn_k.weight`, [s.embedding, s.embedding]],
      [`${b}attn_v.weight`, [s.embedding, s.embedding]],
      [`${b}attn_output.weight`, [s.embedding, s.embedding]],
      [`${b}ffn_norm.weight`, [s.embedding]],
      [`${b}ffn_gate.weight`, [s.embedding, s.ff]],
      [`${b}ffn_up.weight`, [s.embedding, s.ff]],
      [`${b}ffn_down.weight`, [s.ff, s.embedding]],
    );
  }
  return list;
}

const QUOTE = 3 + 0x22; // token id of the byte '"'
/** Standard deviations: small enough that the bias feature below stays dominant, large enough for variety. */
const STD = {
  token_embd: 0.5, output: 0.75, attn_q: 0.5, attn_k: 0.5, attn_v: 0.125, attn_output: 0.06,
  ffn_gate: 0.125, ffn_up: 0.125, ffn_down: 0.05,
};

/**
 * Values of one tensor (rows are the outer dimension). Greedy decoding of a random model loops and never
 * closes a JSON string, so two features are planted:
 * - dimension 0 of every embedding is a constant (8 at the default shape) that attention and FFN never write to; after RMS norm it
 *   acts as a bias input, and the output head's weight on it favours printable ASCII (and `"` a bit more);
 * - dimension 1 marks the `"` token, and the head's weight on it stops `"` from following `"`,
 * so strings close after a few characters and the JSON-schema grammar yields valid output.
 */
export function tensorValues(name, dims, rng) {
  const [inner, outer = 1] = dims;
  const values = new Float32Array(inner * outer);
  if (name.endsWith("norm.weight")) return values.fill(1);
  const kind = name.replace(/^blk\.\d+\./, "").replace(/\.weight$/, "");
  const writesResidual = kind === "attn_output" || kind === "ffn_down";
  // Tuned for the default shape; other shapes rescale by fan-in so they behave alike.
  const fanInScale = kind === "token_embd" ? 1 : Math.sqrt((kind === "ffn_down" ? 128 : 64) / inner);
  const std = STD[kind] * fanInScale;
  for (let row = 0; row < outer; row++) {
    const at = row * inner;
    for (let col = 0; col < inner; col++) values[at + col] = rng.gaussian() * std;
    if (kind === "token_embd") {
      values[at] = 8 * Math.sqrt(inner / 64);
      values[at + 1] = row === QUOTE ? 3 : 0;
    } else if (kind === "output") {
      values[at] = row === QUOTE ? 3.5 : isFavoured(row) ? 1 : -1;
      values[at + 1] = row === QUOTE ? -2 : 0;
    } else if (writesResidual && row === 0) {
      values.fill(0, 0, inner);
    }
  }
  return values;
}
