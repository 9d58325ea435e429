import { UserError } from "./userError";

/** A model's GGUF is not on disk and could not be downloaded; the message says where to put it. */
export class ModelFileMissingError extends UserError {
  constructor(message: string, readonly uri: string, readonly expectedPath: string) {
    super(message, expectedPath);
  }
}
