import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { UserError } from "../core/errors/userError";
import type { MetricsRow } from "../core/runner/options";

const NUMERIC = [
  "n_total",
  "n_valid",
  "rouge1",
  "rouge2",
  "rougeL",
  "bleu",
  "chrf",
  "bertscore_f1",
  "exact_match",
  "runtime_s",
  "tokens_in",
  "tokens_out",
  "tokens_per_sec",
] as const;

/** Reads a metrics CSV written by Prompt Bench (the seed's header) back into rows; empty cells stay undefined. */
export async function readMetricsFile(file: string): Promise<MetricsRow[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UserError(`Cannot read the metrics file ${file}: ${(error as Error).message}`, file);
  }
  let records: Record<string, string>[];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  } catch (error) {
    throw new UserError(`${file} is not a valid CSV: ${(error as Error).message}`, file);
  }
  const first = records[0];
  if (first && (!("model" in first) || !("field" in first) || !("n_total" in first))) {
    throw new UserError(
      `${file} is not a Prompt Bench metrics file (expected the columns model, field, n_total, …; found ${Object.keys(first).join(", ")}).`,
      file,
    );
  }
  return records.map((r) => {
    const row: Record<string, unknown> = { model: r.model ?? "", field: r.field ?? "" };
    for (const key of NUMERIC) {
      const cell = (r[key] ?? "").trim();
      const value = cell === "" ? undefined : Number(cell);
      row[key] = value === undefined || Number.isNaN(value) ? undefined : value;
    }
    row.n_total ??= 0;
    row.n_valid ??= 0;
    row.runtime_s ??= 0;
    row.tokens_in ??= 0;
    row.tokens_out ??= 0;
    row.tokens_per_sec ??= 0;
    return row as unknown as MetricsRow;
  });
}
