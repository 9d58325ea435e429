/** Bytes per block; a cell never spans two blocks. */
const BLOCK = 1 << 20;

/**
 * Cell texts packed as UTF-8 in 1 MiB blocks: one copy of the bytes and no per-string object, which at 100,000
 * rows × dozens of columns is most of the memory a table of JS strings would take.
 */
export class MemoryArena {
  private readonly blocks: Buffer[] = [];
  private used = BLOCK;

  /** Stores `text` (at most BLOCK bytes); returns its position for `read`. */
  write(text: string, bytes: number): number {
    if (this.used + bytes > BLOCK) {
      this.blocks.push(Buffer.allocUnsafe(BLOCK));
      this.used = 0;
    }
    if (this.blocks.length >= 4096) throw new Error("more than 4 GiB of short cell text in one results table");
    const at = this.used;
    this.blocks[this.blocks.length - 1]!.write(text, at, "utf8");
    this.used += bytes;
    return (this.blocks.length - 1) * BLOCK + at;
  }

  read(position: number, bytes: number): string {
    const block = this.blocks[Math.floor(position / BLOCK)]!;
    const at = position % BLOCK;
    return block.toString("utf8", at, at + bytes);
  }

  /** Bytes held, for memory accounting. */
  get size(): number {
    return this.blocks.length * BLOCK;
  }
}

export const MEMORY_ARENA_MAX_CELL = BLOCK;
