/**
 * An error caused by the user's input (a file, a flag, a setting). Its message is complete and shown as-is:
 * it names the file (and line, where there is one) and says what to do. The CLI exits 1 on it; the extension
 * shows it in a notification. Anything else is a bug and is shown with its stack in the log.
 */
export class UserError extends Error {
  constructor(message: string, readonly file?: string, readonly line?: number) {
    super(message);
    this.name = new.target.name;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
