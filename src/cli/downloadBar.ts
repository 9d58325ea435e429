import { formatDownloadFigures, type DownloadFigures } from "../core/runner/downloadText";

/** "  downloading qwen2.5-3b [#####---------------] 27% · 1.2/4.4 GB · 35 MB/s · 1 min 30 s left" */
export function formatDownloadBar(model: string, figures: DownloadFigures, width = 20): string {
  const known = figures.totalBytes > 0;
  const fraction = known ? Math.min(1, figures.downloadedBytes / figures.totalBytes) : 0;
  const full = Math.round(fraction * width);
  const bar = known ? ` [${"#".repeat(full)}${"-".repeat(width - full)}] ${Math.floor(fraction * 100)}%` : "";
  return `  downloading ${model}${bar} · ${formatDownloadFigures(figures, " · ")}`;
}

/**
 * Which tenth of the download this is (per 100 MB when the size is unknown): logs and CI get one plain line per
 * step instead of a redrawn bar.
 */
export function downloadStep(figures: DownloadFigures): number {
  if (figures.totalBytes <= 0) return Math.floor(figures.downloadedBytes / 1e8);
  return Math.floor((10 * Math.min(figures.downloadedBytes, figures.totalBytes)) / figures.totalBytes);
}
