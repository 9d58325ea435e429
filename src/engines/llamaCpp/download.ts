import { existsSync, mkdirSync, rmSync, statSync, truncateSync } from "node:fs";
import { isUserError } from "../../core/errors/userError";
import type { DownloadProgress } from "../../core/engine/engine";
import { checkDiskSpace, type FreeBytes } from "./downloadDisk";
import { GatedModelError, httpStatusOf } from "./downloadErrors";
import { DownloadSpeed } from "./downloadSpeed";
import { huggingFaceTokenFromEnv } from "./downloadToken";
import { downloadUrl, huggingFaceEndpoint } from "./modelUri";
import { loadNodeLlamaCpp } from "./nodeLlamaCpp";

export interface DownloadOptions {
  modelsDir: string;
  fileName?: string;
  signal?: AbortSignal;
  log?: (level: "info" | "warn" | "error", message: string) => void;
  /** Called as bytes arrive (often: throttle before showing it). */
  onProgress?: (progress: DownloadProgress) => void;
  /** Hugging Face token for gated repositories; default: HF_TOKEN, HUGGING_FACE_HUB_TOKEN, ~/.cache/huggingface/token. */
  hfToken?: string;
  /** Free space in the models folder (tests inject one); default: statfs. */
  freeBytes?: FreeBytes;
  /** How long the reachability probe may take. */
  probeSeconds?: number;
  /** Abort when no bytes arrive for this long. */
  stallSeconds?: number;
}

/**
 * Downloads `uri` into the models folder with node-llama-cpp's model downloader (ipull). A quick probe runs first
 * (the downloader retries a dead connection for over 10 minutes), then a free-disk check against the file's size,
 * and a watchdog aborts a download that stops receiving data. An interrupted download leaves `<file>.ipull`
 * behind, which the next run resumes from (ranged requests for the chunks still missing).
 */
export async function downloadModel(uri: string, options: DownloadOptions): Promise<string> {
  const token = options.hfToken?.trim() || huggingFaceTokenFromEnv();
  const url = downloadUrl(uri);
  await probe(uri, url, token, (options.probeSeconds ?? 15) * 1000, options.signal);
  mkdirSync(options.modelsDir, { recursive: true });
  const { createModelDownloader } = await loadNodeLlamaCpp();

  const speed = new DownloadSpeed();
  // Known once the downloader is created; progress before that has no path yet.
  let path: string | undefined = undefined;
  // The log gets a line every 30 s (the bar and the notification show the rest).
  let lastLog = Date.now();
  let finished = false;
  const report = (downloadedBytes: number, totalBytes: number): void => {
    options.onProgress?.({ uri, path, downloadedBytes, totalBytes, bytesPerSecond: speed.update(downloadedBytes) });
    const done = totalBytes > 0 && downloadedBytes >= totalBytes;
    if (!finished && (done || Date.now() - lastLog > 30_000)) {
      finished = done;
      lastLog = Date.now();
      const percent = totalBytes > 0 ? Math.floor((100 * downloadedBytes) / totalBytes) : 0;
      options.log?.("info", `downloading ${uri}: ${percent}% of ${(totalBytes / 2 ** 20).toFixed(1)} MiB`);
    }
  };

  const stallMs = (options.stallSeconds ?? 60) * 1000;
  const stall = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stall.signal]) : stall.signal;
  // Ends the wait on a stall or a cancel at once: ipull misses an abort that comes while a request is still
  // waiting for its response headers, and would then wait on that connection forever.
  let onAbort = (): void => undefined;
  const ended = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  ended.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const armWatchdog = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => stall.abort(new Error(`no data for ${stallMs / 1000} s`)), stallMs);
  };

  let downloader: Awaited<ReturnType<typeof createModelDownloader>> | undefined;
  try {
    // Creating the downloader fetches the file's size; ipull retries a failing server for minutes, so it is
    // under the watchdog too.
    armWatchdog();
    downloader = await Promise.race([
      createModelDownloader({
        modelUri: uri,
        dirPath: options.modelsDir,
        fileName: options.fileName,
        showCliProgress: false,
        // Keep the partial file on cancel or failure: the next run resumes it.
        deleteTempFileOnCancel: false,
        skipExisting: true,
        // null, not undefined: node-llama-cpp would otherwise look for a token itself, and we could not tell.
        tokens: { huggingFace: token ?? null } as { huggingFace?: string },
        onProgress: ({ totalSize, downloadedSize }) => {
          armWatchdog();
          report(downloadedSize, totalSize);
        },
      }),
      ended,
    ]);
    path = downloader.entrypointFilePath;
    const alreadyThere = downloader.downloadedSize;
    await checkDiskSpace(options.modelsDir, downloader.totalSize - alreadyThere, options.freeBytes);
    options.log?.("info", alreadyThere > 0
      ? `resuming ${uri} at ${(alreadyThere / 2 ** 20).toFixed(1)} of ${(downloader.totalSize / 2 ** 20).toFixed(1)} MiB in ${options.modelsDir}`
      : `downloading ${uri} to ${options.modelsDir}`);
    report(alreadyThere, downloader.totalSize);
    armWatchdog();
    await Promise.race([downloader.download({ signal }), ended]);
    // ipull resolves (rather than rejects) when it is closed by a cancel.
    if (signal.aborted) throw signal.reason;
    if (!existsSync(path)) throw new Error(`the download ended without ${path}`);
    // Split models (…-00001-of-00002.gguf) are several files; their total is not the first file's size.
    if (downloader.totalFiles === 1) checkSize(path, downloader.totalSize, options.log);
    return path;
  } catch (error) {
    await downloader?.cancel({ deleteTempFile: false }).catch(() => undefined);
    if (options.signal?.aborted) throw options.signal.reason;
    throw mapHttpError(uri, error, token);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  }
}

/**
 * ipull saves its progress after the file's data; a save that races the final truncate leaves it at the end of the
 * finished file. Cut it off; a file shorter than the server's size is removed (the next run downloads it again).
 */
function checkSize(path: string, totalBytes: number, log: DownloadOptions["log"]): void {
  const size = statSync(path).size;
  if (totalBytes <= 0 || size === totalBytes) return;
  if (size > totalBytes) {
    truncateSync(path, totalBytes);
    log?.("warn", `${path}: removed ${size - totalBytes} bytes of download bookkeeping after the model's data`);
    return;
  }
  rmSync(path, { force: true });
  throw new Error(`the download of ${path} ended at ${size} of ${totalBytes} bytes; run again to download it`);
}

function mapHttpError(uri: string, error: unknown, token: string | undefined): unknown {
  if (isUserError(error)) return error;
  const status = httpStatusOf(error);
  return status === 401 || status === 403 ? new GatedModelError(uri, status, token !== undefined) : error;
}

function isHuggingFaceHost(url: string): boolean {
  const host = new URL(url).hostname;
  return host === new URL(huggingFaceEndpoint()).hostname || host === "huggingface.co" || host === "hf.co";
}

/** Fails fast when the host cannot be reached, the file does not exist, or access is refused. */
async function probe(uri: string, url: string, token: string | undefined, timeoutMs: number, userSignal?: AbortSignal): Promise<void> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = userSignal ? AbortSignal.any([userSignal, timeout]) : timeout;
  // The token goes to Hugging Face only, as node-llama-cpp does.
  const headers: Record<string, string> = token && isHuggingFaceHost(url) ? { Authorization: `Bearer ${token}` } : {};
  let status: number;
  try {
    status = (await fetch(url, { method: "HEAD", redirect: "manual", signal, headers })).status;
  } catch (error) {
    if (userSignal?.aborted) throw userSignal.reason;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = timeout.aborted ? `no answer within ${timeoutMs / 1000} s` : (cause?.code ?? cause?.message ?? String(error));
    throw new Error(`cannot reach ${new URL(url).host} (${reason})`);
  }
  if (status === 401 || status === 403) throw new GatedModelError(uri, status, token !== undefined);
  if (status === 404 || status === 410) throw new Error(`${url} does not exist (HTTP ${status})`);
}
