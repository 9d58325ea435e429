import type { ResultsView } from "../metrics/computeMetrics";
import type { RunRecord } from "../history/runRecord";
import { factColumn, predColumn } from "../results/columns";

/**
 * A recorded run as the results table it came from (ResultsView), so that computeMetrics scores the recorded
 * rows exactly as it scored the results file: references in the field columns, each model's predictions,
 * validity and timings in its columns; rows a model did not finish are empty.
 */
export function recordView(run: RunRecord): ResultsView {
  const cells = new Map<string, string>();
  const key = (row: number, column: string): string => `${row}\u0000${column}`;
  for (const ref of run.references) for (const [field, value] of Object.entries(ref.expected)) cells.set(key(ref.row, field), value);
  const num = (v: number | undefined): string => (v === undefined ? "" : String(v));
  for (const r of run.rows) {
    for (const [field, value] of Object.entries(r.predictions)) cells.set(key(r.row, predColumn(r.model, field)), value);
    if (r.valid !== undefined) cells.set(key(r.row, factColumn(r.model, "valid")), String(r.valid));
    cells.set(key(r.row, factColumn(r.model, "seconds")), num(r.seconds));
    cells.set(key(r.row, factColumn(r.model, "tokens_in")), num(r.tokensIn));
    cells.set(key(r.row, factColumn(r.model, "tokens_out")), num(r.tokensOut));
  }
  return { rowCount: run.references.length, get: (row, column) => cells.get(key(row, column)) ?? "" };
}
