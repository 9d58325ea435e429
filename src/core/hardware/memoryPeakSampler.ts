import type { MemoryPeak } from "../engine/engine";

export interface MemoryReaders {
  /** Process resident memory, bytes (process.memoryUsage.rss). */
  ram: () => number;
  /** VRAM in use on the device(s), bytes; undefined when there is no GPU (say why in vramUnavailable). */
  vram?: () => Promise<number>;
  vramUnavailable?: string;
}

/**
 * Keeps the peak of VRAM and RAM use from start() on: a light poll (unref'd timer, so it never keeps a process
 * alive) plus readings the caller takes at known points (after each row). peak() returns the peaks and starts a
 * new window from the current level.
 */
export class MemoryPeakSampler {
  private ramPeak: number | undefined;
  private vramPeak: number | undefined;
  private vramLast: number | undefined;
  private vramFailure: string | undefined;
  private vramInFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly readers: MemoryReaders,
    private readonly intervalMs = 250,
  ) {
    this.vramFailure = readers.vram ? undefined : (readers.vramUnavailable ?? "no GPU");
  }

  start(): void {
    if (this.timer) return;
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One reading now; resolves when the VRAM reading (if any) is in. */
  sample(): Promise<void> {
    this.readRam();
    const vram = this.readers.vram;
    if (!vram || this.vramFailure !== undefined) return Promise.resolve();
    // One VRAM query at a time: a slow driver skips ticks rather than queueing them.
    this.vramInFlight ??= vram()
      .then(
        (bytes) => {
          if (!Number.isFinite(bytes) || bytes < 0) throw new Error(`the driver reported ${bytes} bytes`);
          this.vramLast = bytes;
          this.vramPeak = Math.max(this.vramPeak ?? 0, bytes);
        },
        (error: unknown) => {
          this.vramFailure = `reading VRAM use failed: ${error instanceof Error ? error.message : String(error)}`;
        },
      )
      .finally(() => {
        this.vramInFlight = undefined;
      });
    return this.vramInFlight;
  }

  /** Peaks since start() or the previous call (a figure never read is undefined, with the reason). */
  peak(): MemoryPeak {
    this.readRam();
    const result: MemoryPeak = { ramPeakBytes: this.ramPeak };
    if (this.vramPeak !== undefined) result.vramPeakBytes = this.vramPeak;
    else result.unavailable = { vramPeakBytes: this.vramFailure ?? "no VRAM reading was taken" };
    // The next window starts at the current level, not at zero.
    this.ramPeak = undefined;
    this.readRam();
    this.vramPeak = this.vramLast;
    return result;
  }

  private readRam(): void {
    const bytes = this.readers.ram();
    if (Number.isFinite(bytes) && bytes > 0) this.ramPeak = Math.max(this.ramPeak ?? 0, bytes);
  }
}
