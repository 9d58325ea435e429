import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseCsv } from "../../src/core/csv/read";
import type { CsvTable } from "../../src/core/csv/table";

export const FIXTURES = resolve(__dirname, "../../../test/fixtures");

/** A fresh temp folder holding copies of the run fixtures (prompt + 6-row CSV with a multi-line cell). */
export function makeRunDir(): { dir: string; prompt: string; csv: string; output: string; metrics: string } {
  const dir = mkdtempSync(join(tmpdir(), "pb-run-"));
  const prompt = join(dir, "extract.prompt.txt");
  const csv = join(dir, "people.csv");
  copyFileSync(join(FIXTURES, "run/extract.prompt.txt"), prompt);
  copyFileSync(join(FIXTURES, "run/people.csv"), csv);
  return { dir, prompt, csv, output: join(dir, "out.results.csv"), metrics: join(dir, "out.metrics.csv") };
}

/** The run options naming a run folder's files (spread into RunOptions). */
export function runFiles(dir: { prompt: string; csv: string; output: string; metrics: string }): { promptFile: string; csvFile: string; outputFile: string; metricsFile: string } {
  return { promptFile: dir.prompt, csvFile: dir.csv, outputFile: dir.output, metricsFile: dir.metrics };
}

export function readTable(file: string): CsvTable {
  return parseCsv(readFileSync(file), file);
}

/** Column values of a CSV file, by column name. */
export function column(table: CsvTable, name: string): string[] {
  const i = table.columns.indexOf(name);
  if (i < 0) throw new Error(`no column ${name} in ${table.file}: ${table.columns.join(", ")}`);
  return table.records.map((r) => r.values[i] ?? "");
}
