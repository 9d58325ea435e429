import type { DownloadProgress } from "../../engines/engine";
import type { RunEventListener } from "./events";

/**
 * Turns an engine's download progress (called for every network chunk) into "download" run events, at most one
 * per `minIntervalMs` (~4/s) plus the first and the completing one, so a bar redraws smoothly without flooding.
 */
export function downloadEventEmitter(
  model: string,
  emit: RunEventListener,
  minIntervalMs = 250,
  now: () => number = Date.now,
): (progress: DownloadProgress) => void {
  let last: number | undefined;
  let completed = false;
  return (progress) => {
    const done = progress.totalBytes > 0 && progress.downloadedBytes >= progress.totalBytes;
    const at = now();
    if (completed || (!done && last !== undefined && at - last < minIntervalMs)) return;
    last = at;
    completed = done;
    emit({
      type: "download",
      model,
      uri: progress.uri,
      downloadedBytes: progress.downloadedBytes,
      totalBytes: progress.totalBytes,
      bytesPerSecond: progress.bytesPerSecond,
    });
  };
}
