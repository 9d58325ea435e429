export interface RowWorkersOptions<T> {
  /** Row indexes in the order they are taken. */
  rows: readonly number[];
  /** How many rows run at once. */
  workers: number;
  signal?: AbortSignal;
  /** Runs one row; gets a signal that aborts on cancel and when another worker fails. */
  run: (row: number, signal: AbortSignal) => Promise<T>;
  /** Records a finished row; called one at a time, in completion order (rows may finish out of order). */
  done: (row: number, result: T) => void;
}

/**
 * Runs rows with `workers` pulling from one queue. A row that finishes after cancel is not passed to done (it runs
 * again next time). An error thrown by run or done stops the queue, aborts the rows in flight, and is rethrown once
 * they have all returned, so nothing is still writing when the caller cleans up. Returns false when cancelled.
 */
export async function runRowWorkers<T>(options: RowWorkersOptions<T>): Promise<boolean> {
  const stop = new AbortController();
  const onAbort = (): void => stop.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (!stop.signal.aborted && next < options.rows.length) {
      const row = options.rows[next++]!;
      const result = await options.run(row, stop.signal);
      if (stop.signal.aborted) return;
      options.done(row, result);
    }
  };
  const count = Math.max(1, Math.min(Math.floor(options.workers), options.rows.length));
  const settled = await Promise.allSettled(
    Array.from({ length: count }, () =>
      worker().catch((error: unknown) => {
        stop.abort(error);
        throw error;
      }),
    ),
  );
  options.signal?.removeEventListener("abort", onAbort);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
  return !stop.signal.aborted;
}
