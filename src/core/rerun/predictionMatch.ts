import type { PredictionRow, RunRecord } from "../history/runRecord";

/** Where a rerun's row first differs from the original's. */
export interface RowDifference {
  row: number;
  /** 1-based CSV line of the row. */
  line: number;
  /** The field whose prediction differs, or "raw output" / "validity". */
  what: string;
  original: string;
  rerun: string;
}

/** How one model's rerun predictions compare with the original run's, row by row. */
export interface ModelMatch {
  model: string;
  identical: number;
  differ: number;
  /** Finished in the original only (the rerun was cancelled or the row failed), or in the rerun only. */
  onlyOriginal: number;
  onlyRerun: number;
  /** Rows whose input cells changed (a dataset changed under --allow-changed-dataset): not compared. */
  inputChanged: number;
  firstDifference?: RowDifference;
}

/**
 * Compares two runs' predictions per model and row: a row is identical when every field's prediction, the raw
 * output and the validity are the same text. Rows are paired by index, and only where the row's input hash agrees.
 */
export function matchPredictions(original: RunRecord, rerun: RunRecord): ModelMatch[] {
  const sameInput = (row: number): boolean => original.references[row]?.sha256 === rerun.references[row]?.sha256;
  return original.models.map((m) => {
    const before = byRow(original.rows, m.name);
    const after = byRow(rerun.rows, m.name);
    const match: ModelMatch = { model: m.name, identical: 0, differ: 0, onlyOriginal: 0, onlyRerun: 0, inputChanged: 0 };
    for (const [row, a] of before) {
      const b = after.get(row);
      if (!b) {
        match.onlyOriginal++;
        continue;
      }
      if (!sameInput(row)) {
        match.inputChanged++;
        continue;
      }
      const difference = firstDifference(a, b, original.fields);
      if (!difference) {
        match.identical++;
        continue;
      }
      match.differ++;
      match.firstDifference ??= { row, line: original.references[row]?.line ?? 0, ...difference };
    }
    for (const row of after.keys()) if (!before.has(row)) match.onlyRerun++;
    return match;
  });
}

function byRow(rows: readonly PredictionRow[], model: string): Map<number, PredictionRow> {
  return new Map(rows.filter((r) => r.model === model).map((r) => [r.row, r]));
}

function firstDifference(a: PredictionRow, b: PredictionRow, fields: readonly string[]): Omit<RowDifference, "row" | "line"> | undefined {
  const names = [...new Set([...fields, ...Object.keys(a.predictions), ...Object.keys(b.predictions)])];
  for (const field of names) {
    const x = a.predictions[field] ?? "";
    const y = b.predictions[field] ?? "";
    if (x !== y) return { what: field, original: x, rerun: y };
  }
  if (a.raw !== b.raw) return { what: "raw output", original: a.raw, rerun: b.raw };
  if (a.valid !== b.valid) return { what: "validity", original: String(a.valid ?? ""), rerun: String(b.valid ?? "") };
  return undefined;
}
