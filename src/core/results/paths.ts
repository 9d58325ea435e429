import { basename, dirname, extname, join } from "node:path";

/** `extract.prompt.txt` → `extract`; `my prompt.md` → `my prompt`. */
export function promptName(promptFile: string): string {
  let name = basename(promptFile);
  name = name.slice(0, name.length - extname(name).length);
  return name.endsWith(".prompt") ? name.slice(0, -".prompt".length) : name;
}

/**
 * Results and metrics land beside the input CSV, named after CSV and prompt, so two prompts over one
 * dataset never overwrite (or wrongly resume) each other's results.
 */
export function defaultOutputPaths(csvFile: string, promptFile: string): { outputFile: string; metricsFile: string } {
  const stem = basename(csvFile, extname(csvFile));
  const base = join(dirname(csvFile), `${stem}.${promptName(promptFile)}`);
  return { outputFile: `${base}.results.csv`, metricsFile: `${base}.metrics.csv` };
}

/** True for files Prompt Bench writes itself (not datasets to benchmark). */
export function isOutputFile(file: string): boolean {
  return /\.(results|metrics)\.csv$/i.test(file);
}

/** Metrics file beside a results CSV: `x.results.csv` → `x.metrics.csv`. */
export function metricsPathFor(resultsFile: string): string {
  return resultsFile.replace(/(\.results)?\.csv$/i, "") + ".metrics.csv";
}
