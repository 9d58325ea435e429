/**
 * Download speed over the last few seconds. Bytes already on disk when a resumed download starts count as the
 * first sample, not as speed.
 */
export class DownloadSpeed {
  private readonly samples: Array<{ at: number; bytes: number }> = [];

  constructor(private readonly windowMs = 5000) {}

  /** Records `bytes` downloaded so far at `now` (ms) and returns bytes per second. */
  update(bytes: number, now: number = Date.now()): number {
    this.samples.push({ at: now, bytes });
    while (this.samples.length > 2 && now - this.samples[1]!.at >= this.windowMs) this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (now - first.at) / 1000;
    return seconds > 0 ? Math.max(0, (bytes - first.bytes) / seconds) : 0;
  }
}
