/** When the results CSV is rewritten in full; every finished row is durable in the journal before that. */
export interface SaveCadence {
  /** Shortest time between full rewrites, seconds. */
  minIntervalSeconds: number;
  /**
   * Longest share of wall time full rewrites may take: after a rewrite that took d seconds the next waits at least
   * d / maxRewriteShare, so a 100,000-row file is rewritten less often than a small one.
   */
  maxRewriteShare: number;
  /** Rewrite once the journal is this large, bounding the replay after a crash and the disk it uses. */
  maxJournalBytes: number;
  /** Rewrite after this many unsaved rows too (RunOptions.saveEveryRows); Infinity: by time and size only. */
  everyRows: number;
  /** Milliseconds since some epoch; injectable for tests. */
  now: () => number;
}

export const DEFAULT_SAVE_CADENCE: SaveCadence = {
  minIntervalSeconds: 30,
  maxRewriteShare: 0.02,
  maxJournalBytes: 64 * 1024 * 1024,
  everyRows: Number.POSITIVE_INFINITY,
  now: () => Date.now(),
};

/**
 * Decides when a full rewrite is due. Rewriting the whole CSV every N rows is quadratic in the row count
 * (100,000 rows: 5,000 rewrites of a 200 MB file); by time, scaled by the measured rewrite cost, the total
 * rewrite work stays a small, fixed share of the run whatever the file size.
 */
export class SavePolicy {
  private readonly cadence: SaveCadence;
  private last: number;
  private lastDuration = 0;

  constructor(cadence: Partial<SaveCadence> = {}) {
    const given = Object.fromEntries(Object.entries(cadence).filter(([, v]) => v !== undefined));
    this.cadence = { ...DEFAULT_SAVE_CADENCE, ...given };
    this.last = this.cadence.now();
  }

  due(unsavedRows: number, journalBytes: number): boolean {
    if (unsavedRows === 0) return false;
    if (unsavedRows >= this.cadence.everyRows || journalBytes >= this.cadence.maxJournalBytes) return true;
    const wait = Math.max(this.cadence.minIntervalSeconds * 1000, this.lastDuration / this.cadence.maxRewriteShare);
    return this.cadence.now() - this.last >= wait;
  }

  /** Runs a full rewrite and remembers when it ended and how long it took. */
  save(rewrite: () => void): void {
    const started = this.cadence.now();
    rewrite();
    this.last = this.cadence.now();
    this.lastDuration = this.last - started;
  }
}
