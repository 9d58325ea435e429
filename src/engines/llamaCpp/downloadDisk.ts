import { existsSync } from "node:fs";
import { statfs } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { DiskSpaceError } from "./downloadErrors";

/** Free bytes for `dir` (or, while it does not exist yet, the nearest folder above it) that this user may use. */
export type FreeBytes = (dir: string) => Promise<number>;

export const freeDiskBytes: FreeBytes = async (dir) => {
  let existing = resolve(dir);
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const stats = await statfs(existing);
  return stats.bavail * stats.bsize;
};

/** Throws DiskSpaceError when `neededBytes` more do not fit in `dir`. */
export async function checkDiskSpace(dir: string, neededBytes: number, freeBytes: FreeBytes = freeDiskBytes): Promise<void> {
  if (neededBytes <= 0) return;
  const free = await freeBytes(dir);
  if (neededBytes > free) throw new DiskSpaceError(dir, neededBytes, free);
}
