/**
 * llama.cpp's error lines, as node-llama-cpp's logger passes them on. They are the only place llama.cpp says why a
 * load failed (node-llama-cpp's error is just "Failed to load model"), and they arrive on the event loop after the
 * load's promise has already rejected, so a reader waits for the line that ends a failed load.
 */
export class NativeLog {
  private readonly lines: string[] = [];
  /** Lines dropped from the front (only the recent ones are kept), so marks stay valid. */
  private dropped = 0;
  private readonly waiting = new Set<() => void>();

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > 200) {
      this.lines.splice(0, 100);
      this.dropped += 100;
    }
    for (const wake of this.waiting) wake();
  }

  /** A position to read from later (the lines logged after it). */
  mark(): number {
    return this.dropped + this.lines.length;
  }

  since(mark: number): string[] {
    return this.lines.slice(Math.max(0, mark - this.dropped));
  }

  /**
   * The lines since `mark` once one matches `last` and no other has followed for `quietMs` (node-llama-cpp may try
   * the load more than once; their lines trail in), or after `maxMs`. Both are hang guards: the reason is taken
   * from the first matching lines, so waiting less or more only changes which late lines the log shows before it.
   */
  async settle(mark: number, last: RegExp, maxMs = 2000, quietMs = 100): Promise<string[]> {
    await new Promise<void>((resolve) => {
      let quiet: NodeJS.Timeout | undefined;
      const done = (): void => {
        clearTimeout(guard);
        clearTimeout(quiet);
        this.waiting.delete(check);
        resolve();
      };
      const check = (): void => {
        if (!this.since(mark).some((line) => last.test(line))) return;
        clearTimeout(quiet);
        quiet = setTimeout(done, quietMs);
      };
      const guard = setTimeout(done, maxMs);
      this.waiting.add(check);
      check();
    });
    return this.since(mark);
  }
}
