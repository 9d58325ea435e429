import { dirname } from "node:path";
import { systemErrorCode } from "./systemErrorMessage";
import { UserError } from "./userError";

/**
 * Writing one of the run's files failed for a reason the user can fix (full disk, read-only folder, no
 * permission). The message names the file and says what to do; `cause` keeps the system error (and its stack).
 */
export class DiskWriteError extends UserError {
  readonly code: string;

  constructor(
    file: string,
    readonly cause: NodeJS.ErrnoException,
    /** The sentence after what to do: by default, that a rerun resumes (the run's finished rows are on disk). */
    after = "Then run the same command again to resume — finished rows are kept.",
  ) {
    const code = systemErrorCode(cause) ?? "EIO";
    super(`Cannot write ${file}: ${reason(code, file)}. ${after}`, file);
    this.code = code;
  }
}

function reason(code: string, file: string): string {
  switch (code) {
    case "ENOSPC":
    case "EDQUOT":
      return `no space left on its disk (${code}). Free some space on the disk holding ${dirname(file)}`;
    case "EROFS":
      return `its folder is on a read-only file system (EROFS). Mount it read-write, or choose an output path in a writable folder`;
    case "EACCES":
    case "EPERM":
      return `permission denied (${code}). Make ${dirname(file)} writable for you, or choose an output path in another folder`;
    case "EISDIR":
      return `it is a folder (EISDIR). Remove or rename that folder, or choose another output path`;
    case "ENOENT":
    case "ENOTDIR":
      return `its folder ${dirname(file)} is gone or is not a folder (${code}). Create the folder`;
    case "EMFILE":
    case "ENFILE":
      return `too many open files (${code}). Close other programs or raise the limit (ulimit -n)`;
    default:
      return `the disk reported ${code}. Check the disk`;
  }
}
