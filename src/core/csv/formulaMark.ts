import { existsSync, readFileSync } from "node:fs";
import { unescapeFormula } from "./formulaEscape";
import type { CsvHeader, CsvSink } from "./pushParser";

/**
 * Where a results CSV records that its model cells were written with escapeFormula: its sidecar
 * `<file>.meta.json` (RunMeta) holds `"escapeFormulas": true` and `"escapedColumns": [...]`. Older results files,
 * and files written with the escaping turned off, have no such mark and are read verbatim. The columns are listed
 * because only model columns are escaped: an input column that merely looks like one (`raw_x`) is never changed.
 */
export const metaFileOf = (csvFile: string): string => `${csvFile}.meta.json`;

/** The escaped columns of a CSV, or undefined when its sidecar does not mark it (missing, unreadable, not ours). */
export function readFormulaMark(csvFile: string): readonly string[] | undefined {
  const file = metaFileOf(csvFile);
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined; // RunMeta reports a broken sidecar where it matters (resuming a run)
  }
  const mark = data as { escapeFormulas?: unknown; escapedColumns?: unknown } | null;
  if (mark?.escapeFormulas !== true || !Array.isArray(mark.escapedColumns)) return undefined;
  return mark.escapedColumns.filter((c): c is string => typeof c === "string");
}

/** `sink` fed the model's real text: the marked columns' cells are unescaped, and the header lists them. */
export function unescapingSink(escaped: readonly string[], sink: CsvSink): CsvSink {
  let at: number[] = [];
  return {
    header(header: CsvHeader) {
      at = header.columns.flatMap((name, i) => (escaped.includes(name) ? [i] : []));
      sink.header(markHeader(header, escaped));
    },
    record(record) {
      for (const i of at) if (i < record.values.length) record.values[i] = unescapeFormula(record.values[i]!);
      sink.record(record);
    },
  };
}

/** The header with `formulaColumns` set: those of its columns that were written escaped. */
export function markHeader(header: CsvHeader, escaped: readonly string[]): CsvHeader {
  return { ...header, formulaColumns: header.columns.filter((c) => escaped.includes(c)) };
}
