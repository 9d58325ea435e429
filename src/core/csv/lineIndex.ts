/**
 * Maps byte offsets of a UTF-8 buffer to 1-based line numbers. `\r\n`, `\n` and a lone `\r` each end a line,
 * as in VS Code, so diagnostics land on the line the editor shows.
 */
export class LineIndex {
  /** Byte offset at which each line starts; lineStarts[0] = 0 is line 1. */
  private readonly lineStarts: number[] = [0];

  constructor(buffer: Uint8Array) {
    for (let i = 0; i < buffer.length; i++) {
      const b = buffer[i];
      if (b === 0x0a || (b === 0x0d && buffer[i + 1] !== 0x0a)) this.lineStarts.push(i + 1);
    }
  }

  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}
