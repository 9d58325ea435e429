import { readCsvFile } from "../csv/read";
import { CsvError } from "../errors/csvError";
import type { MetricsRow } from "../runner/options";
import { METRICS_HEADER } from "./metricsCsv";

const TEXT_COLUMNS: ReadonlySet<string> = new Set(["model", "field", "gpu_names", "gpu_layers", "skipped"]);

/** Reads a metrics CSV written by Prompt Bench back into rows; empty quality cells stay undefined. */
export async function readMetricsCsv(file: string): Promise<MetricsRow[]> {
  const table = await readCsvFile(file);
  const at = (name: string): number => table.columns.indexOf(name);
  if (at("model") < 0 || at("field") < 0 || at("n_total") < 0) {
    throw new CsvError(
      `${file} is not a Prompt Bench metrics file (expected the columns ${METRICS_HEADER.slice(0, 4).join(", ")}, …; ` +
        `found ${table.columns.join(", ")}).`,
      file,
      1,
    );
  }
  return table.records.map((record) => {
    const row: Record<string, string | number | undefined> = {};
    for (const key of METRICS_HEADER) {
      const cell = (record.values[at(key)] ?? "").trim();
      if (TEXT_COLUMNS.has(key)) row[key] = key === "model" || key === "field" || cell !== "" ? cell : undefined;
      else row[key] = cell === "" || Number.isNaN(Number(cell)) ? undefined : Number(cell);
    }
    // Counts and performance are always written; a hand-edited file missing them reads as 0.
    for (const key of ["n_total", "n_valid", "runtime_s", "tokens_in", "tokens_out", "tokens_per_sec"]) row[key] ??= 0;
    return row as unknown as MetricsRow;
  });
}
