/**
 * A fixed set of chat sessions, one per context sequence. generate() takes a free one and gives it back, so at
 * most `size` rows decode at once and a sequence never serves two rows at the same time.
 */
export class SessionPool<T> {
  private readonly free: T[];
  private readonly waiting: Array<(session: T) => void> = [];

  constructor(readonly sessions: readonly T[]) {
    this.free = [...sessions];
  }

  get size(): number {
    return this.sessions.length;
  }

  async acquire(): Promise<T> {
    const session = this.free.pop();
    if (session !== undefined) return session;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(session: T): void {
    const next = this.waiting.shift();
    if (next) next(session);
    else this.free.push(session);
  }
}
