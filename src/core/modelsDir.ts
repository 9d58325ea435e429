import { homedir } from "node:os";
import { join } from "node:path";

/** Where GGUF files are kept when no folder is configured; shared by the CLI and the extension. */
export function defaultModelsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PROMPT_BENCH_MODELS_DIR || join(homedir(), ".cache", "prompt-bench", "models");
}
