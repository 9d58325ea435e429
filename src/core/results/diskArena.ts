import { closeSync, openSync, readSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const WRITE_BUFFER = 1 << 20;
const READ_WINDOW = 256 * 1024;
/** Cells start on multiples of this, so a position fits a Uint32 up to 32 GiB of cells. */
const ALIGN = 8;

/** Closes arenas that were never closed (a run that threw before its store was closed). */
const orphans = new FinalizationRegistry<{ fd: number; path?: string }>((held) => release(held));

/**
 * Long cell texts (source letters, raw outputs) in an append-only temp file, so a 100,000-row table does not
 * hold them in memory. On POSIX the file is unlinked at once and lives only as long as the descriptor: even a
 * killed process leaves nothing behind. Writes are buffered; reads go through a 256 KiB window per column, so
 * reading cells in row order (a results rewrite, metrics) costs about one system call per window.
 */
export class DiskArena {
  private readonly held: { fd: number; path?: string };
  private length = 0;
  private flushed = 0;
  private readonly pending = Buffer.allocUnsafe(WRITE_BUFFER);
  private pendingBytes = 0;
  private readonly windows = new Map<number, { start: number; buffer: Buffer; filled: number }>();
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

  /** Appends `text` (`bytes` long in UTF-8); returns its position for `read`, in units of 8 bytes. */
  write(text: string, bytes: number): number {
    const padded = Math.ceil(bytes / ALIGN) * ALIGN;
    const at = this.length;
    if (at / ALIGN > 0xffffffff) throw new Error("more than 32 GiB of cell text in one results table");
    if (this.pendingBytes + padded > WRITE_BUFFER) this.flush();
    if (padded > WRITE_BUFFER) {
      const buffer = Buffer.alloc(padded);
      buffer.write(text, 0, "utf8");
      for (let done = 0; done < padded; ) done += writeSync(this.held.fd, buffer, done, padded - done, this.flushed + done);
      this.flushed += padded;
    } else {
      this.pending.write(text, this.pendingBytes, "utf8");
      this.pendingBytes += padded;
    }
    this.length += padded;
    return at / ALIGN;
  }

  /** The text at `position` (from write); `slot` keeps a read window per column, for rows read in order. */
  read(position: number, bytes: number, slot: number): string {
    const start = position * ALIGN;
    if (start + bytes > this.flushed) this.flush();
    if (bytes > READ_WINDOW) {
      const buffer = Buffer.allocUnsafe(bytes);
      for (let done = 0; done < bytes; ) done += readSync(this.held.fd, buffer, done, bytes - done, start + done);
      return buffer.toString("utf8");
    }
    let window = this.windows.get(slot);
    if (!window) this.windows.set(slot, (window = { start: 0, buffer: Buffer.allocUnsafe(READ_WINDOW), filled: 0 }));
    if (start < window.start || start + bytes > window.start + window.filled) {
      window.start = start;
      window.filled = readSync(this.held.fd, window.buffer, 0, READ_WINDOW, start);
    }
    const at = start - window.start;
    return window.buffer.toString("utf8", at, at + bytes);
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
    for (let done = 0; done < this.pendingBytes; ) done += writeSync(this.held.fd, this.pending, done, this.pendingBytes - done, this.flushed + done);
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
