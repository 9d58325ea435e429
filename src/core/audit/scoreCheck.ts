import type { RunRecord } from "../history/runRecord";
import { computeMetrics } from "../metrics/computeMetrics";
import { QUALITY_COLUMNS } from "../metrics/csvColumns";
import { DEFAULT_SCORE_OPTIONS } from "../metrics/scoreOptions";
import type { MetricsRow } from "../runner/options";
import type { Finding } from "./finding";
import { recordView } from "./recordView";

const CHECKED = ["n_total", "n_valid", ...QUALITY_COLUMNS.map((q) => q.column)] as const;

/**
 * Recomputes every recorded model × field metric from the run's recorded rows (the metrics code the run used,
 * without intervals: the point estimates are the same) and reports the columns that differ by more than
 * `tolerance`: a hand-edited metrics file recorded as the run's, or a bug in scoring.
 */
export function scoreMismatches(run: RunRecord, tolerance: number): Finding[] {
  const recorded = run.metrics.filter((m) => m.skipped === undefined || m.n_valid > 0);
  if (recorded.length === 0 || run.references.length === 0) return [];
  const models = [...new Set(recorded.map((m) => m.model))].filter((m) => run.models.some((x) => x.name === m));
  const options = { ...DEFAULT_SCORE_OPTIONS, rougeTokenizer: run.params.rougeTokenizer === "unicode" ? ("unicode" as const) : ("default" as const) };
  const fresh = computeMetrics(recordView(run), run.fields, models, options, {}, false);
  const findings: Finding[] = [];
  for (const row of recorded) {
    const again = fresh.find((f) => f.model === row.model && f.field === row.field);
    if (!again) continue;
    const differing = CHECKED.filter((column) => differs(row[column], again[column], tolerance));
    if (differing.length === 0) continue;
    const shown = differing.map((c) => `${c} ${show(row[c])} recorded, ${show(again[c])} from the rows`);
    findings.push({
      runId: run.id,
      model: row.model,
      kind: "score-mismatch",
      message: `field ${row.field}: the recorded metrics disagree with the recorded rows: ${shown.join("; ")}`,
      numbers: { field: row.field, ...Object.fromEntries(differing.flatMap((c) => [[`${c}_recorded`, show(row[c])], [`${c}_recomputed`, show(again[c])]])) },
      suggestion: `Re-score the results (prompt-bench score --csv ${run.resultsFile}) and check the metrics file was not edited by hand; if the rows are right, the recorded metrics are wrong.`,
    });
  }
  return findings;
}

function differs(a: MetricsRow[keyof MetricsRow], b: MetricsRow[keyof MetricsRow], tolerance: number): boolean {
  if (a === undefined || b === undefined) return a !== b;
  return Math.abs(Number(a) - Number(b)) > tolerance;
}

function show(value: MetricsRow[keyof MetricsRow]): string {
  return value === undefined ? "(empty)" : typeof value === "number" ? String(Math.round(value * 1e6) / 1e6) : value;
}
