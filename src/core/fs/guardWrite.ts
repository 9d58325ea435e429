import { DiskWriteError } from "../errors/diskWriteError";
import { isUserSystemError } from "../errors/systemErrorMessage";

/** Runs a write of `file`; a system error the user can fix (full disk, read-only, …) becomes a DiskWriteError naming `file`. */
export function guardWrite<T>(file: string, write: () => T, after?: string): T {
  try {
    return write();
  } catch (error) {
    if (error instanceof DiskWriteError || !isUserSystemError(error)) throw error;
    throw new DiskWriteError(file, error, after);
  }
}
