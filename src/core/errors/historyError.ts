import { UserError } from "./userError";

/** The run history database cannot be opened, read or written; the message names the file and what to do. */
export class HistoryError extends UserError {
  constructor(message: string, readonly historyFile: string) {
    super(message, historyFile);
  }
}
