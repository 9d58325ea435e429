import { UserError } from "./userError";

/**
 * A gate list (`--fail-on`, `--min`, or the config file's `gates`) that cannot be read. `part` is the offending
 * gate as written. The CLI turns it into a usage error for a flag and names the file for the config file.
 */
export class GateSyntaxError extends UserError {
  constructor(
    message: string,
    readonly part: string,
  ) {
    super(message);
  }
}
