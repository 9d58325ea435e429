import { closeSync, openSync, readSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const WRITE_BUFFER = 1 << 20;
const READ_WINDOW = 1 << 20;

/** Closes arenas that were never closed (a run that threw before its store was closed). */
const orphans = new FinalizationRegistry<{ fd: number; path?: string }>((held) => release(held));

/**
 * Long cell texts (source letters, long outputs) in an append-only temp file, so a 100,000-row table does not
 * hold them in memory. On POSIX the file is unlinked at once and lives only as long as the descriptor: even a
 * killed process leaves nothing behind. Writes are buffered; reads go through a 1 MiB window, so reading the
 * cells in row order (a results rewrite, metrics) costs about one system call per MiB.
 */
export class DiskArena {
  private readonly held: { fd: number; path?: string };
  private length = 0;
  private flushed = 0;
  private pending = Buffer.allocUnsafe(WRITE_BUFFER);
  private pendingBytes = 0;
  private window = Buffer.allocUnsafe(0);
  private windowStart = 0;
  private closed = false;

  constructor() {
    const path = join(tmpdir(), `prompt-bench-cells-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.tmp`);
    const fd = openSync(path, "w+", 0o600);
    let kept: string | undefined;
    try {
      unlinkSync(path);
    } catch {
      kept = path; // Windows cannot unlink an open file: it is deleted on close instead
    }
    this.held = { fd, path: kept };
    orphans.register(this, this.held, this);
  }

  /** Appends `text` (`bytes` long in UTF-8); returns its position for `read`. */
  write(text: string, bytes: number): number {
    const at = this.length;
    if (this.pendingBytes + bytes > WRITE_BUFFER) this.flush();
    if (bytes > WRITE_BUFFER) {
      writeSync(this.held.fd, text, this.flushed, "utf8");
      this.flushed += bytes;
    } else {
      this.pending.write(text, this.pendingBytes, "utf8");
      this.pendingBytes += bytes;
    }
    this.length += bytes;
    return at;
  }

  read(position: number, bytes: number): string {
    if (position + bytes > this.flushed) this.flush();
    if (bytes > READ_WINDOW) {
      const buffer = Buffer.allocUnsafe(bytes);
      readSync(this.held.fd, buffer, 0, bytes, position);
      return buffer.toString("utf8");
    }
    if (position < this.windowStart || position + bytes > this.windowStart + this.window.length) {
      const buffer = this.window.length === READ_WINDOW ? this.window : Buffer.allocUnsafe(READ_WINDOW);
      const got = readSync(this.held.fd, buffer, 0, READ_WINDOW, position);
      this.window = buffer.subarray(0, got);
      this.windowStart = position;
    }
    const at = position - this.windowStart;
    return this.window.toString("utf8", at, at + bytes);
  }

  /** Bytes in the file. */
  get size(): number {
    return this.length;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    orphans.unregister(this);
    release(this.held);
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    writeSync(this.held.fd, this.pending, 0, this.pendingBytes, this.flushed);
    this.flushed += this.pendingBytes;
    this.pendingBytes = 0;
  }
}

function release(held: { fd: number; path?: string }): void {
  try {
    closeSync(held.fd);
  } catch {
    // already closed
  }
  if (held.path) rmSync(held.path, { force: true });
}
