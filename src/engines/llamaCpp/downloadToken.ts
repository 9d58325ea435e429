import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * The Hugging Face token to use when none is given explicitly: HF_TOKEN, HUGGING_FACE_HUB_TOKEN, then the file
 * `huggingface-cli login` writes (HF_TOKEN_PATH, else $HF_HOME/token) — the places the Hugging Face tools use.
 */
export function huggingFaceTokenFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = [env.HF_TOKEN, env.HUGGING_FACE_HUB_TOKEN].map((t) => t?.trim()).find((t) => t);
  if (fromEnv) return fromEnv;
  const home = env.HF_HOME || join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "huggingface");
  try {
    return readFileSync(env.HF_TOKEN_PATH || join(home, "token"), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}
