import { statSync } from "node:fs";

/**
 * Whether a run that failed wrote any results (the CSV or its journal) since it started: only such a failed run is
 * recorded, so a run refused before it began leaves no trace in the history.
 */
export function wroteResultsSince(outputFile: string, since: Date): boolean {
  return [outputFile, `${outputFile}.journal`].some((file) => {
    try {
      return statSync(file).mtimeMs >= since.getTime();
    } catch {
      return false;
    }
  });
}
