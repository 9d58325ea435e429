/** How long to wait before retry number `attempt` (1-based): min(cap, base·2^attempt + jitter·random). */
export interface BackoffPolicy {
  /** Default 1 s: the first retry waits 2–3 s, the fifth 32–33 s. */
  baseSeconds: number;
  /** Default 300 s. Also caps a server's Retry-After. */
  capSeconds: number;
  /** Random extra of 0..jitterSeconds, so clients that failed together do not retry together. Default 1 s. */
  jitterSeconds: number;
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseSeconds: 1, capSeconds: 300, jitterSeconds: 1, random: Math.random };

export function backoffMs(attempt: number, policy: BackoffPolicy): number {
  const seconds = policy.baseSeconds * 2 ** attempt + policy.jitterSeconds * policy.random();
  return Math.min(policy.capSeconds, seconds) * 1000;
}

/**
 * A `Retry-After` header in milliseconds from `nowMs`: delta-seconds ("120") or an HTTP date. Undefined when absent
 * or unreadable; a date in the past gives 0.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The wait before a retry: the server's Retry-After when it gave one (capped), else exponential backoff. */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, policy: BackoffPolicy): number {
  return retryAfterMs !== undefined ? Math.min(retryAfterMs, policy.capSeconds * 1000) : backoffMs(attempt, policy);
}
