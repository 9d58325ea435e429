import type { PredictionRow, RunRecord } from "../history/runRecord";
import { nearestRankPercentile } from "../metrics/computeMetrics";
import type { AuditThresholds, Finding } from "./finding";
import { scoreMismatches } from "./scoreCheck";

const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;

/** One run's findings: per model, missing token counts, latency, error and invalid rates; then its scores. */
export function auditRun(run: RunRecord, thresholds: AuditThresholds): Finding[] {
  const findings: Finding[] = [];
  for (const model of run.models) {
    const rows = run.rows.filter((r) => r.model === model.name);
    if (rows.length === 0) continue;
    const add = (kind: Finding["kind"], message: string, numbers: Finding["numbers"], suggestion: string): void => {
      findings.push({ runId: run.id, model: model.name, kind, message, numbers, suggestion });
    };
    const failed = rows.filter(generationFailed);
    const generated = rows.filter((r) => !generationFailed(r));
    const noTokens = generated.filter((r) => r.tokensIn === undefined || r.tokensOut === undefined);
    if (noTokens.length > 0) {
      add("missing-tokens", `${noTokens.length} of ${generated.length} generated rows have no token counts (first: row ${noTokens[0]!.row + 1})`,
        { rows: noTokens.length, of: generated.length, firstRow: noTokens[0]!.row + 1 },
        model.kind === "endpoint"
          ? "The server returned no usage; tokens/s and cost are undercounted. Use a server that reports usage, or leave these figures out of comparisons."
          : "The results file lacks raw_<model>__tokens_in/out (an older Prompt Bench, or an edited file); tokens/s is undercounted. Rerun the run (prompt-bench rerun) to measure them.");
    }
    const seconds = rows.flatMap((r) => (r.seconds === undefined ? [] : [r.seconds]));
    const p95 = nearestRankPercentile(seconds, 95);
    if (p95 !== undefined && p95 > thresholds.latencyP95S) {
      add("high-latency", `latency p95 ${p95.toFixed(2)} s per row is above ${thresholds.latencyP95S} s (${seconds.length} rows)`,
        { p95S: p95, thresholdS: thresholds.latencyP95S, rows: seconds.length },
        "Check that the model ran on the GPU (gpu_layers in the metrics), lower --max-new-tokens, or use a smaller model; raise --max-latency-p95 if this is expected.");
    }
    const errorRate = failed.length / rows.length;
    if (errorRate > thresholds.errorRate) {
      add("high-error-rate", `generation failed on ${failed.length} of ${rows.length} rows (${pct(errorRate)}, above ${pct(thresholds.errorRate)}); first: row ${failed[0]!.row + 1}: ${failed[0]!.error}`,
        { rows: failed.length, of: rows.length, rate: errorRate, threshold: thresholds.errorRate },
        "Read the errors in raw_<model>__error (timeouts, a server down, out of memory) and rerun; the scores cover only the rows that generated.");
    }
    const invalid = generated.filter((r) => r.valid === false);
    const invalidRate = invalid.length / rows.length;
    if (invalidRate > thresholds.invalidRate) {
      add("high-invalid-rate", `${invalid.length} of ${rows.length} outputs failed schema validation (${pct(invalidRate)}, above ${pct(thresholds.invalidRate)}); first: row ${invalid[0]!.row + 1}: ${invalid[0]!.error ?? "invalid"}`,
        { rows: invalid.length, of: rows.length, rate: invalidRate, threshold: thresholds.invalidRate },
        "The quality scores cover only the valid rows. Make the prompt ask for the JSON more clearly, raise --max-new-tokens if outputs are cut off, or try --constrained.");
    }
  }
  findings.push(...scoreMismatches(run, thresholds.scoreTolerance));
  return findings;
}

function generationFailed(row: PredictionRow): boolean {
  return row.error?.startsWith("generation failed") ?? false;
}
