import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { guardWrite } from "./guardWrite";

/**
 * Writes `data` to `file` so that readers (and a crash at any moment) see either the old file or the new one,
 * never a half-written file: write a temp file beside it, fsync, rename over.
 */
export function writeFileAtomic(file: string, data: string): void {
  const bytes = Buffer.from(data, "utf8");
  // write() may write less than asked (a nearly full disk): loop until all of it is written or it throws.
  writeFileAtomicWith(file, (fd) => {
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
  });
}

/**
 * As writeFileAtomic, for content written in pieces by `write` (a large file need not exist as one string).
 * When anything fails the old file is left as it was and the temp file is removed (a full disk gets its space
 * back); a full or read-only disk is thrown as a DiskWriteError naming `file`.
 */
export function writeFileAtomicWith(file: string, write: (fd: number) => void): void {
  guardWrite(file, () => {
    const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
    const fd = openSync(temp, "w");
    let open = true;
    try {
      write(fd);
      fsyncSync(fd);
      open = false; // close() releases the descriptor even when it reports an error
      closeSync(fd);
      renameSync(temp, file);
    } catch (error) {
      if (open) closeQuietly(fd);
      rmSync(temp, { force: true });
      throw error;
    }
  });
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // the write's own error is the one to report
  }
}
