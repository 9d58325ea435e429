import { isUtf8 } from "node:buffer";

/**
 * Checks bytes for valid UTF-8 chunk by chunk (a file is read in pieces, and a character may be split between
 * two of them): the bytes of a trailing incomplete character are carried into the next chunk.
 */
export class Utf8Check {
  private carry: Uint8Array = new Uint8Array(0);
  private ok = true;

  get valid(): boolean {
    return this.ok;
  }

  push(chunk: Uint8Array): void {
    if (!this.ok) return;
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = completeLength(bytes);
    this.carry = Uint8Array.from(bytes.subarray(cut)); // a copy: the caller reuses its buffer
    if (!isUtf8(bytes.subarray(0, cut))) this.ok = false;
  }

  /** Final verdict; an incomplete character at the very end makes the bytes invalid. */
  end(): boolean {
    if (this.carry.length > 0) this.ok = false;
    return this.ok;
  }
}

/** Length of the prefix that ends on a character boundary (at most 3 bytes are held back). */
function completeLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back for the lead byte
    const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return size > back ? n - back : n;
  }
  return n;
}
