import { UserError } from "./userError";

/** `prompt-bench.config.json` (or `--config FILE`) cannot be used; the message names the file, the key or line. */
export class ConfigError extends UserError {}
