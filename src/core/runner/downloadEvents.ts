import type { DownloadProgress } from "../engine/engine";
import type { RunEventListener } from "./events";

/** Runs `fn` after `ms`; returns a function that cancels it. */
export type Schedule = (fn: () => void, ms: number) => () => void;

const defaultSchedule: Schedule = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * Turns an engine's download progress (called for every network chunk) into "download" run events, at most one
 * per `minIntervalMs` (~4/s) plus the completing one. Progress held back is sent when the interval ends, so the
 * last figures are shown even when data stops arriving (a stalled connection).
 */
export function downloadEventEmitter(
  model: string,
  emit: RunEventListener,
  minIntervalMs = 250,
  now: () => number = Date.now,
  schedule: Schedule = defaultSchedule,
): (progress: DownloadProgress) => void {
  let last: number | undefined;
  let completed = false;
  let held: DownloadProgress | undefined;
  let cancelTrailing: (() => void) | undefined;
  const send = (progress: DownloadProgress): void => {
    cancelTrailing?.();
    cancelTrailing = undefined;
    held = undefined;
    last = now();
    completed = progress.totalBytes > 0 && progress.downloadedBytes >= progress.totalBytes;
    emit({
      type: "download",
      model,
      uri: progress.uri,
      downloadedBytes: progress.downloadedBytes,
      totalBytes: progress.totalBytes,
      bytesPerSecond: progress.bytesPerSecond,
    });
  };
  return (progress) => {
    if (completed) return;
    const done = progress.totalBytes > 0 && progress.downloadedBytes >= progress.totalBytes;
    const wait = last === undefined ? 0 : last + minIntervalMs - now();
    if (done || wait <= 0) {
      send(progress);
      return;
    }
    held = progress;
    cancelTrailing ??= schedule(() => {
      cancelTrailing = undefined;
      if (held && !completed) send(held);
    }, wait);
  };
}
