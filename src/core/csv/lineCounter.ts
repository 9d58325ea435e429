/**
 * Line numbers of byte offsets in a CSV read in chunks (see LineIndex for the rule: `\r\n`, `\n` and a lone `\r`
 * each end a line). Only the line starts from the current record on are kept, so memory stays small however
 * long the file is; offsets are asked in increasing order.
 */
export class LineCounter {
  /** Global byte offsets of line starts; starts[head] is line `firstLine`. */
  private starts: number[] = [0];
  private head = 0;
  private firstLine = 1;
  private offset = 0;
  /** A `\r` ended the previous chunk: whether it ends a line depends on the next byte. */
  private pendingCr = false;
  private content = false;

  /** Whether any byte other than ASCII white space has been seen. */
  get sawContent(): boolean {
    return this.content;
  }

  push(bytes: Uint8Array): void {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const base = this.offset;
    if (this.pendingCr && buf[0] !== 0x0a) this.starts.push(base);
    this.pendingCr = false;
    const found: number[] = [];
    for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) found.push(base + i + 1);
    let crs = false;
    for (let i = buf.indexOf(0x0d); i >= 0; i = buf.indexOf(0x0d, i + 1)) {
      if (i === buf.length - 1) this.pendingCr = true;
      else if (buf[i + 1] !== 0x0a) {
        found.push(base + i + 1);
        crs = true;
      }
    }
    if (crs) found.sort((a, b) => a - b);
    for (const start of found) this.starts.push(start);
    if (!this.content) this.content = buf.some((b) => b !== 0x20 && (b < 0x09 || b > 0x0d));
    this.offset += buf.length;
  }

  end(): void {
    if (this.pendingCr) this.starts.push(this.offset);
    this.pendingCr = false;
  }

  /** 1-based line of a byte offset not before the last `forgetBefore`. */
  lineAt(offset: number): number {
    let lo = this.head;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.firstLine + lo - this.head;
  }

  /** Drops the line starts before the line holding `offset`: no later question asks about them. */
  forgetBefore(offset: number): void {
    while (this.head + 1 < this.starts.length && this.starts[this.head + 1]! <= offset) {
      this.head++;
      this.firstLine++;
    }
    if (this.head > 4096) {
      this.starts = this.starts.slice(this.head);
      this.head = 0;
    }
  }
}
