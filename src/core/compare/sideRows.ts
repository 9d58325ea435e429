import type { PredictionRow, RunRecord } from "../history/runRecord";

/** One model's rows of one side, in the matched order (row k of A and of B are the same input). */
export interface SideRows {
  /** The prediction row, undefined where the model did not run the row. */
  rows: (PredictionRow | undefined)[];
  /** `valid === true` (rows not run, or not judged, are not valid: as computeMetrics counts them). */
  valid: boolean[];
  /** Field → prediction per row ("" where not run). */
  hyps: Map<string, string[]>;
  seconds: (number | undefined)[];
  tokensIn: (number | undefined)[];
  tokensOut: (number | undefined)[];
  /** Whether any row has a validity recorded (older results files have none). */
  judged: boolean;
}

export function sideRows(run: RunRecord, model: string, order: readonly number[], fields: readonly string[]): SideRows {
  const byRow = new Map<number, PredictionRow>();
  for (const r of run.rows) if (r.model === model) byRow.set(r.row, r);
  const rows = order.map((i) => byRow.get(run.references[i]!.row));
  const hyps = new Map(fields.map((f) => [f, rows.map((r) => r?.predictions[f] ?? "")]));
  return {
    rows,
    valid: rows.map((r) => r?.valid === true),
    hyps,
    seconds: rows.map((r) => r?.seconds),
    tokensIn: rows.map((r) => r?.tokensIn),
    tokensOut: rows.map((r) => r?.tokensOut),
    judged: rows.some((r) => r?.valid !== undefined),
  };
}
