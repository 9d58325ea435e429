/** The system error codes a user can cause or meet (a wrong path, a full or read-only disk, too many open files). */
const USER_CODES = new Set(["ENOENT", "EISDIR", "ENOTDIR", "EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT", "EMFILE", "ENFILE", "ENAMETOOLONG", "EIO"]);

/** A Node system error's code ("ENOSPC", …), or undefined for any other value. */
export function systemErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === "string" && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/** True for the system errors systemErrorMessage explains (the user's to fix, not a bug). */
export function isUserSystemError(error: unknown): error is NodeJS.ErrnoException {
  const code = systemErrorCode(error);
  return code !== undefined && USER_CODES.has(code);
}

/**
 * A complete message for a system error the user can fix, naming `path` (default: the error's own `path`), or
 * undefined for anything else (a bug, shown with its stack instead).
 */
export function systemErrorMessage(error: unknown, path: string | undefined = (error as { path?: unknown } | null)?.path as string | undefined): string | undefined {
  if (!isUserSystemError(error)) return undefined;
  const code = error.code!;
  const what = typeof path === "string" && path !== "" ? path : "a file";
  switch (code) {
    case "ENOENT":
      return `${what} does not exist (or a folder on its path is missing). Check the path; relative paths start at the current folder.`;
    case "EISDIR":
      return `${what} is a folder, not a file. Give the path of a file.`;
    case "ENOTDIR":
      return `A part of the path ${what} is a file, not a folder. Check the path.`;
    case "EACCES":
    case "EPERM":
      return `Permission denied for ${what} (${code}). Change its permissions, or use a file and folder you may read and write.`;
    case "EROFS":
      return `${what} is on a read-only file system (EROFS). Write to a folder that is writable (e.g. --output elsewhere), or mount it read-write.`;
    case "ENOSPC":
    case "EDQUOT":
      return `No space left on the disk holding ${what} (${code}). Free some space on that disk, then run the same command again.`;
    case "EMFILE":
    case "ENFILE":
      return `Too many open files (${code}, while opening ${what}). Close other programs or raise the limit (ulimit -n), then run the same command again.`;
    case "ENAMETOOLONG":
      return `The path ${what} is too long for this file system. Choose a shorter path.`;
    default:
      return `Cannot read or write ${what}: ${error.message}. Check the disk (EIO is a device error), then run the same command again.`;
  }
}
