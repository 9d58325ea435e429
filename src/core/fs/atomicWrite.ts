import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Writes `data` to `file` so that readers (and a crash at any moment) see either the old file or the new one,
 * never a half-written file: write a temp file beside it, fsync, rename over.
 */
export function writeFileAtomic(file: string, data: string): void {
  writeFileAtomicWith(file, (fd) => writeSync(fd, data));
}

/** As writeFileAtomic, for content written in pieces by `write` (a large file need not exist as one string). */
export function writeFileAtomicWith(file: string, write: (fd: number) => void): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temp, "w");
  try {
    write(fd);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
