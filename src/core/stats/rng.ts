/**
 * Mulberry32: a small seeded PRNG (32-bit state, period 2^32) returning floats in [0, 1). Good enough to draw
 * bootstrap indices, and the same seed gives the same resamples on every platform (Math.random cannot be seeded).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
