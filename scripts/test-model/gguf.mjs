// Little-endian GGUF v3 encoding helpers: metadata values, f16 and q8_0.
export const ALIGNMENT = 32;
export const T = { U32: 4, I32: 5, F32: 6, BOOL: 7, STRING: 8, ARRAY: 9 }; // GGUF metadata value types
export const GGML = { F32: 0, Q8_0: 8 };

function float16Bits(value) {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  const mantissa = bits & 0x7fffff;
  if (exponent <= 0) return sign; // tiny scales flush to zero; ours never are
  if (exponent >= 31) return sign | 0x7c00;
  const rounded = (exponent << 10) | (mantissa >>> 13);
  return sign | (rounded + ((mantissa >>> 12) & 1)); // round half up on the dropped bits
}

function float16Value(bits) {
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  const magnitude = exponent === 0 ? mantissa * 2 ** -24 : (1 + mantissa / 1024) * 2 ** (exponent - 15);
  return bits & 0x8000 ? -magnitude : magnitude;
}

/** q8_0: blocks of 32 values stored as an f16 scale and 32 int8s (34 bytes). */
export function quantizeQ8_0(values) {
  const out = Buffer.alloc((values.length / 32) * 34);
  for (let block = 0; block < values.length / 32; block++) {
    let max = 0;
    for (let i = 0; i < 32; i++) max = Math.max(max, Math.abs(values[block * 32 + i]));
    const scaleBits = float16Bits(max / 127);
    const scale = float16Value(scaleBits);
    out.writeUInt16LE(scaleBits, block * 34);
    for (let i = 0; i < 32; i++) {
      const q = scale === 0 ? 0 : Math.round(values[block * 32 + i] / scale);
      out.writeInt8(Math.max(-127, Math.min(127, q)), block * 34 + 2 + i);
    }
  }
  return out;
}

export class Writer {
  chunks = [];
  length = 0;
  push(buffer) { this.chunks.push(buffer); this.length += buffer.length; }
  u32(v) { const b = Buffer.alloc(4); b.writeUInt32LE(v); this.push(b); }
  i32(v) { const b = Buffer.alloc(4); b.writeInt32LE(v); this.push(b); }
  u64(v) { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); this.push(b); }
  f32(v) { const b = Buffer.alloc(4); b.writeFloatLE(v); this.push(b); }
  bool(v) { this.push(Buffer.from([v ? 1 : 0])); }
  string(s) { const b = Buffer.from(s, "utf8"); this.u64(b.length); this.push(b); }
  pad() { const n = (ALIGNMENT - (this.length % ALIGNMENT)) % ALIGNMENT; if (n) this.push(Buffer.alloc(n)); }
  value(type, v) {
    if (type === T.U32) this.u32(v);
    else if (type === T.I32) this.i32(v);
    else if (type === T.F32) this.f32(v);
    else if (type === T.BOOL) this.bool(v);
    else if (type === T.STRING) this.string(v);
    else throw new Error(`unsupported metadata type ${type}`);
  }
  keyValue(key, type, v) { this.string(key); this.u32(type); this.value(type, v); }
  array(key, itemType, items) {
    this.string(key); this.u32(T.ARRAY); this.u32(itemType); this.u64(items.length);
    for (const item of items) this.value(itemType, item);
  }
}
