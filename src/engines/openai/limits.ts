import type { Clock } from "./clock";

/** At most `limit` holders at once; waiters are served in arrival order. */
export class Semaphore {
  private held = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(public limit: number) {}

  /** Resolves with a release function once a slot is free; rejects at once when `signal` aborts while waiting. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener("abort", onAbort);
        this.held++;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.held--;
          this.next();
        });
      };
      const onAbort = (): void => {
        const index = this.waiters.indexOf(grant);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(grant);
      this.next();
    });
  }

  private next(): void {
    while (this.held < this.limit && this.waiters.length > 0) this.waiters.shift()?.();
  }
}

/**
 * Requests-per-minute limit as even spacing: each request starts at least 60/rpm seconds after the one before.
 * Start times are reserved synchronously, so concurrent callers never share a slot.
 */
export class RateLimiter {
  private nextStart = -Infinity;

  constructor(
    public requestsPerMinute: number,
    private readonly clock: Clock,
  ) {}

  get intervalMs(): number {
    return 60_000 / this.requestsPerMinute;
  }

  async wait(signal?: AbortSignal): Promise<void> {
    const now = this.clock.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + this.intervalMs;
    if (start > now) await this.clock.sleep(start - now, signal);
  }
}
