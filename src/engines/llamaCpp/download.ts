import { mkdirSync } from "node:fs";
import { downloadUrl } from "./modelUri";
import { loadNodeLlamaCpp } from "./nodeLlamaCpp";

export interface DownloadOptions {
  modelsDir: string;
  fileName?: string;
  signal?: AbortSignal;
  log?: (level: "info" | "warn" | "error", message: string) => void;
  /** How long the reachability probe may take. */
  probeSeconds?: number;
  /** Abort when no bytes arrive for this long. */
  stallSeconds?: number;
}

/**
 * Downloads `uri` into the models folder with node-llama-cpp's resolveModelFile. Its downloader retries a
 * failed connection 150 times (over 10 minutes offline), so a quick probe runs first and a watchdog aborts a
 * download that stops receiving data; both fail with a plain reason.
 */
export async function downloadModel(uri: string, options: DownloadOptions): Promise<string> {
  const url = downloadUrl(uri);
  await probe(url, (options.probeSeconds ?? 15) * 1000, options.signal);
  mkdirSync(options.modelsDir, { recursive: true });
  const { resolveModelFile } = await loadNodeLlamaCpp();
  const stallMs = (options.stallSeconds ?? 60) * 1000;
  const stall = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stall.signal]) : stall.signal;
  let timer = setTimeout(() => stall.abort(new Error(`no data for ${stallMs / 1000} s`)), stallMs);
  let lastLog = 0;
  let finished = false;
  const onProgress = ({ totalSize, downloadedSize }: { totalSize: number; downloadedSize: number }): void => {
    clearTimeout(timer);
    timer = setTimeout(() => stall.abort(new Error(`no data for ${stallMs / 1000} s`)), stallMs);
    const done = totalSize > 0 && downloadedSize >= totalSize;
    if (!finished && (done || Date.now() - lastLog > 5000)) {
      finished = done;
      lastLog = Date.now();
      const percent = totalSize > 0 ? Math.floor((100 * downloadedSize) / totalSize) : 0;
      options.log?.("info", `downloading ${uri}: ${percent}% of ${(totalSize / 2 ** 20).toFixed(1)} MiB`);
    }
  };
  const stalled = new Promise<never>((_, reject) => {
    stall.signal.addEventListener("abort", () => reject(stall.signal.reason), { once: true });
  });
  options.log?.("info", `downloading ${uri} to ${options.modelsDir}`);
  try {
    const download = resolveModelFile(uri, {
      directory: options.modelsDir, download: "auto", cli: false, fileName: options.fileName, signal, onProgress,
    });
    return await Promise.race([download, stalled]);
  } finally {
    clearTimeout(timer);
  }
}

/** Fails fast when the host cannot be reached or the file does not exist; leaves auth errors to the download. */
async function probe(url: string, timeoutMs: number, userSignal?: AbortSignal): Promise<void> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = userSignal ? AbortSignal.any([userSignal, timeout]) : timeout;
  let status: number;
  try {
    status = (await fetch(url, { method: "HEAD", redirect: "manual", signal })).status;
  } catch (error) {
    if (userSignal?.aborted) throw userSignal.reason;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = timeout.aborted ? `no answer within ${timeoutMs / 1000} s` : (cause?.code ?? cause?.message ?? String(error));
    throw new Error(`cannot reach ${new URL(url).host} (${reason})`);
  }
  if (status === 404 || status === 410) throw new Error(`${url} does not exist (HTTP ${status})`);
}
