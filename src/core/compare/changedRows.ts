import type { ReferenceRow } from "../history/runRecord";
import { TEXT_METRICS } from "../metrics/registry";
import type { ScoreOptions } from "../metrics/scoreOptions";
import type { ChangedRow, RowChange } from "./comparison";
import type { SideRows } from "./sideRows";

/** The per-row score that ranks changed rows: sentence chrF++ (0–100); an invalid row scores 0. */
export const ROW_SCORE_METRIC = "chrf++";

/**
 * The rows whose outcome differs between A and B for one model: validity changed, or a prediction changed.
 * Only those rows are scored (an unchanged row's sentence chrF++ is the same on both sides). Sorted worst first:
 * rows newly failing validation, then by score change (B − A) ascending, then by row.
 */
export function changedRows(refs: readonly ReferenceRow[], a: SideRows, b: SideRows, fields: readonly string[], options: ScoreOptions): ChangedRow[] {
  const changed: number[] = [];
  for (let k = 0; k < refs.length; k++) {
    if (a.valid[k] !== b.valid[k] || fields.some((f) => a.hyps.get(f)![k] !== b.hyps.get(f)![k])) changed.push(k);
  }
  if (changed.length === 0) return [];
  const scoresA = new Map(fields.map((f) => [f, rowScores(changed, a, f, refs, options)]));
  const scoresB = new Map(fields.map((f) => [f, rowScores(changed, b, f, refs, options)]));
  const out = changed.map((k, i): ChangedRow => {
    // No score moved: name the first field whose prediction changed.
    let field = fields.find((f) => a.hyps.get(f)![k] !== b.hyps.get(f)![k]) ?? fields[0] ?? "";
    let scoreDelta = 0;
    for (const f of fields) {
      const d = scoresB.get(f)![i]! - scoresA.get(f)![i]!;
      if (Math.abs(d) > Math.abs(scoreDelta)) [field, scoreDelta] = [f, d];
    }
    const ra = a.rows[k];
    const rb = b.rows[k];
    return {
      row: refs[k]!.row,
      line: refs[k]!.line,
      change: changeOf(a.valid[k]!, b.valid[k]!, scoreDelta),
      field,
      scoreDelta,
      expected: { ...refs[k]!.expected },
      predictionsA: ra ? { ...ra.predictions } : {},
      predictionsB: rb ? { ...rb.predictions } : {},
      validA: a.valid[k]!,
      validB: b.valid[k]!,
      ...errorOf("errorA", ra),
      ...errorOf("errorB", rb),
    };
  });
  return out.sort((x, y) => Number(y.change === "newly-invalid") - Number(x.change === "newly-invalid") || x.scoreDelta - y.scoreDelta || x.row - y.row);
}

function changeOf(validA: boolean, validB: boolean, delta: number): RowChange {
  if (validA && !validB) return "newly-invalid";
  if (!validA && validB) return "newly-valid";
  if (delta > 0) return "improved";
  if (delta < 0) return "regressed";
  return "changed";
}

function errorOf(key: "errorA" | "errorB", row: SideRows["rows"][number]): Partial<Record<typeof key, string>> {
  if (!row) return { [key]: "not run on this side" };
  return row.error ? { [key]: row.error } : {};
}

/** Sentence chrF++ of the rows `at` for one side and field; invalid rows score 0. */
function rowScores(at: readonly number[], side: SideRows, field: string, refs: readonly ReferenceRow[], options: ScoreOptions): number[] {
  const scored = at.filter((k) => side.valid[k]);
  const hyps = side.hyps.get(field)!;
  const segments = scored.length === 0 ? [] : TEXT_METRICS[ROW_SCORE_METRIC].score(scored.map((k) => hyps[k]!), [scored.map((k) => refs[k]!.expected[field] ?? "")], options, true).segments!;
  const byRow = new Map(scored.map((k, i) => [k, segments[i]!]));
  return at.map((k) => byRow.get(k) ?? 0);
}
