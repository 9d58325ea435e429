import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

interface MakeTestModel {
  DEFAULT_TEST_MODEL_PATH: string;
  ensureTestModel(outPath?: string, options?: Record<string, unknown>): string;
}

/** The repository root: the nearest folder above this file that holds scripts/make-test-model.mjs. */
export function repoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "scripts", "make-test-model.mjs"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no scripts/make-test-model.mjs above ${from}`);
  }
}

/** The generator script (plain ESM, so it is imported, not required). */
export async function loadMakeTestModel(): Promise<MakeTestModel> {
  const script = join(repoRoot(), "scripts", "make-test-model.mjs");
  return (await import(pathToFileURL(script).href)) as MakeTestModel;
}

/**
 * Path of the default test model in .cache/models/, written if missing or stale (from an older generator).
 * Safe to call from parallel test processes: the file is replaced by rename, and all writers write equal bytes.
 */
export async function ensureTestModel(): Promise<string> {
  const { DEFAULT_TEST_MODEL_PATH, ensureTestModel: ensure } = await loadMakeTestModel();
  return ensure(join(repoRoot(), DEFAULT_TEST_MODEL_PATH));
}

interface MakeTestLora {
  DEFAULT_TEST_LORA_PATH: string;
  buildTestLora(options?: Record<string, unknown>): Buffer;
  ensureTestLora(outPath?: string, options?: Record<string, unknown>): string;
}

export async function loadMakeTestLora(): Promise<MakeTestLora> {
  const script = join(repoRoot(), "scripts", "make-test-lora.mjs");
  return (await import(pathToFileURL(script).href)) as MakeTestLora;
}

/** Path of the test model's LoRA adapter in .cache/models/, written if missing or stale (same rules as above). */
export async function ensureTestLora(): Promise<string> {
  const { DEFAULT_TEST_LORA_PATH, ensureTestLora: ensure } = await loadMakeTestLora();
  return ensure(join(repoRoot(), DEFAULT_TEST_LORA_PATH));
}
