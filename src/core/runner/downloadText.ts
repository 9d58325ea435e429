/** Download figures as people read them: "1.2/4.4 GB, 35 MB/s, 1 min 30 s left". */
export interface DownloadFigures {
  downloadedBytes: number;
  /** 0 when unknown. */
  totalBytes: number;
  bytesPerSecond: number;
}

const UNITS: Array<[number, string]> = [[1e9, "GB"], [1e6, "MB"], [1e3, "kB"]];

function unitFor(bytes: number): [number, string] {
  return UNITS.find(([size]) => bytes >= size) ?? [1, "B"];
}

function scaled(bytes: number, size: number): string {
  const value = bytes / size;
  return size === 1 ? String(Math.round(value)) : value.toFixed(value < 10 ? 1 : 0);
}

/** "1.2/4.4 GB" (both in the total's unit), or "1.2 GB" when the total is unknown. */
export function formatDownloadedSize(downloaded: number, total: number): string {
  if (total <= 0) {
    const [size, unit] = unitFor(downloaded);
    return `${scaled(downloaded, size)} ${unit}`;
  }
  const [size, unit] = unitFor(total);
  return `${(downloaded / size).toFixed(1)}/${(total / size).toFixed(1)} ${unit}`;
}

/** "35 MB/s", "2.5 MB/s", "800 kB/s". */
export function formatSpeed(bytesPerSecond: number): string {
  const [size, unit] = unitFor(bytesPerSecond);
  return `${scaled(bytesPerSecond, size)} ${unit}/s`;
}

/** "45 s", "1 min 30 s", "2 h 5 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ""}`;
  const minutes = Math.floor((s % 3600) / 60);
  return `${Math.floor(s / 3600)} h${minutes ? ` ${minutes} min` : ""}`;
}

/** Seconds left at the current speed; undefined while the speed or the total is unknown. */
export function secondsLeft(figures: DownloadFigures): number | undefined {
  if (figures.totalBytes <= 0 || figures.bytesPerSecond <= 0) return undefined;
  return Math.max(0, figures.totalBytes - figures.downloadedBytes) / figures.bytesPerSecond;
}

/** "1.2/4.4 GB, 35 MB/s, 1 min 30 s left" (speed and time left once they are known). */
export function formatDownloadFigures(figures: DownloadFigures, separator = ", "): string {
  const parts = [formatDownloadedSize(figures.downloadedBytes, figures.totalBytes)];
  if (figures.bytesPerSecond > 0) parts.push(formatSpeed(figures.bytesPerSecond));
  const left = secondsLeft(figures);
  if (left !== undefined && figures.downloadedBytes < figures.totalBytes) parts.push(`${formatDuration(left)} left`);
  return parts.join(separator);
}
