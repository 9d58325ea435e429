import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError } from "../errors/configError";
import type { PromptBenchConfig } from "./configSchema";
import { CONFIG_FILE_NAME, parseConfig } from "./parseConfig";

/**
 * The config: `file` when given (it must exist), else `prompt-bench.config.json` in `cwd` when there is one,
 * else an empty config. Returns the file read too, for messages.
 */
export function loadConfig(file: string | undefined, cwd: string): { config: PromptBenchConfig; file?: string } {
  const path = file === undefined ? join(cwd, CONFIG_FILE_NAME) : resolve(cwd, file);
  if (file === undefined && !existsSync(path)) return { config: {} };
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (error as Error).message;
    throw new ConfigError(`Cannot read config file ${path}: ${why}. Give --config a JSON file like ${CONFIG_FILE_NAME}.`, path);
  }
  return { config: parseConfig(text, path), file: path };
}
