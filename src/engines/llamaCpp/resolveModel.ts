import { statSync } from "node:fs";
import { resolve } from "node:path";
import { ModelFileMissingError } from "../../core/errors/modelFileMissingError";
import { ModelSelectionError } from "../../core/errors/modelSelectionError";
import { isUserError } from "../../core/errors/userError";
import type { LocalModelSource } from "../../core/registry/modelSpec";
import type { DownloadProgress } from "../../core/engine/engine";
import { downloadModel } from "./download";
import type { FreeBytes } from "./downloadDisk";
import { downloadUrl, expectedModelPath, isPlainUrl, plainUrlFileName } from "./modelUri";
import { loadNodeLlamaCpp } from "./nodeLlamaCpp";

export interface ResolveModelOptions {
  /** Folder that `uri` sources are resolved from and downloaded to. */
  modelsDir: string;
  /**
   * Download a `uri` model that is not in modelsDir. Callers allow it when the user chose the model (the CLI
   * unless --no-download, the extension); tests and offline demos pass false, so a missing file fails at once.
   */
  allowDownload: boolean;
  signal?: AbortSignal;
  log?: (level: "info" | "warn" | "error", message: string) => void;
  /** Download progress of a missing model. */
  onDownload?: (progress: DownloadProgress) => void;
  /** Hugging Face token for gated repositories (see downloadModel for the default). */
  hfToken?: string;
  /** Free space in the models folder; default: statfs (tests inject one). */
  freeBytes?: FreeBytes;
}

/** The local GGUF path for a model source; ModelFileMissingError (naming where to put the file) when there is none. */
export async function resolveModel(source: LocalModelSource, options: ResolveModelOptions): Promise<string> {
  if (source.kind === "file") return existingFile(source.path);
  const uri = source.uri;
  const modelsDir = resolve(options.modelsDir);
  const fileName = isPlainUrl(uri) ? plainUrlFileName(uri) : undefined;
  const { resolveModelFile } = await loadNodeLlamaCpp();
  let expected: string;
  try {
    return await resolveModelFile(uri, { directory: modelsDir, download: false, cli: false, fileName });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!/No model file found|not all split parts/i.test(message)) {
      throw new ModelSelectionError(`Cannot use the model URI ${uri}: ${message}`);
    }
    expected = expectedModelPath(uri, modelsDir, message);
  }
  const placeIt = `Download ${downloadUrl(uri)} yourself and place it at:\n  ${expected}`;
  if (!options.allowDownload) {
    throw new ModelFileMissingError(
      `The model ${uri} is not in the models folder and downloading is off.\n${placeIt}\nor allow downloads.`,
      uri,
      expected,
    );
  }
  try {
    return await downloadModel(uri, {
      modelsDir, fileName, signal: options.signal, log: options.log, onProgress: options.onDownload,
      hfToken: options.hfToken, freeBytes: options.freeBytes,
    });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    // Gated repository, no disk space: complete messages already.
    if (isUserError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelFileMissingError(`Could not download the model ${uri}: ${reason}.\n${placeIt}`, uri, expected);
  }
}

function existingFile(path: string): string {
  const absolute = resolve(path);
  let isFile = false;
  try {
    isFile = statSync(absolute).isFile();
  } catch {
    // missing: reported below
  }
  if (!isFile) {
    throw new ModelFileMissingError(`Model file not found: ${absolute}\nCheck the model's path.`, absolute, absolute);
  }
  return absolute;
}
