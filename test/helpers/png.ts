import { inflateSync } from "node:zlib";

export interface DecodedPng {
  width: number;
  height: number;
  /** Distinct RGBA colours (capped at 100,000 to bound memory). */
  distinctColours: number;
  /** Share of pixels that differ from the top-left pixel (the background). */
  nonBackground: number;
}

/** A minimal PNG decoder for the test: 8-bit RGB/RGBA, non-interlaced (what Chromium's canvas writes). */
export function decodePng(buf: Buffer): DecodedPng {
  if (buf.length < 33 || buf.readUInt32BE(0) !== 0x89504e47 || buf.readUInt32BE(4) !== 0x0d0a1a0a) throw new Error("not a PNG");
  let width = 0, height = 0, colourType = 0, bitDepth = 0, interlace = 0;
  const idat: Buffer[] = [];
  for (let p = 8; p + 8 <= buf.length; ) {
    const len = buf.readUInt32BE(p);
    const type = buf.toString("latin1", p + 4, p + 8);
    const data = buf.subarray(p + 8, p + 8 + len);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      bitDepth = data[8]!;
      colourType = data[9]!;
      interlace = data[12]!;
    } else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
    p += 12 + len;
  }
  if (bitDepth !== 8 || (colourType !== 2 && colourType !== 6) || interlace !== 0) {
    throw new Error(`unsupported PNG: depth ${bitDepth}, colour type ${colourType}, interlace ${interlace}`);
  }
  const bpp = colourType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? pixels[out + x - bpp]! : 0;
      const b = y > 0 ? pixels[out - stride + x]! : 0;
      const c = x >= bpp && y > 0 ? pixels[out - stride + x - bpp]! : 0;
      pixels[out + x] = (line[x]! + predict(filter, a, b, c)) & 0xff;
    }
  }
  const colours = new Set<number>();
  let different = 0;
  const bg = pixels.readUIntBE(0, bpp);
  for (let i = 0; i < pixels.length; i += bpp) {
    const v = pixels.readUIntBE(i, bpp);
    if (v !== bg) different++;
    if (colours.size < 100_000) colours.add(v);
  }
  return { width, height, distinctColours: colours.size, nonBackground: different / (width * height) };
}

function predict(filter: number, a: number, b: number, c: number): number {
  switch (filter) {
    case 0: return 0;
    case 1: return a;
    case 2: return b;
    case 3: return (a + b) >> 1;
    case 4: {
      const p = a + b - c;
      const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    default: throw new Error(`bad PNG filter ${filter}`);
  }
}
