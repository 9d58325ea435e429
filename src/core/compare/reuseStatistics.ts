import type { ReferenceStreams } from "../metrics/bleu/referenceStreams";
import type { ScoreOptions } from "../metrics/scoreOptions";
import type { MetricId } from "../metrics/textMetric";
import { metricStatistics, sumStatistic, type RowStatistic } from "../stats";

/**
 * B's metric statistics, given A's over the same rows: a row whose prediction and validity are A's has A's per-row
 * data (every text metric's row statistics depend on that row alone), so only the rows that differ are scored and
 * spliced into a copy of A's data. Equal, value for value, to metricStatistics over B's rows; two runs of a prompt
 * share most outputs, so this scores a fraction of the rows.
 */
export function metricStatisticsLike(
  base: readonly RowStatistic[],
  baseHyps: readonly string[],
  baseValid: readonly boolean[],
  metrics: readonly MetricId[],
  hyps: readonly string[],
  refs: ReferenceStreams,
  options: ScoreOptions,
  valid: readonly boolean[],
): RowStatistic[] {
  const differs: number[] = [];
  for (let i = 0; i < hyps.length; i++) if (hyps[i] !== baseHyps[i] || valid[i] !== baseValid[i]) differs.push(i);
  if (differs.length === hyps.length || base.some((s) => s.sum === undefined)) return metricStatistics(metrics, hyps, refs, options, valid);
  const sub = metricStatistics(metrics, differs.map((i) => hyps[i]!), refs.map((s) => differs.map((i) => s[i] ?? "")), options, differs.map((i) => valid[i]!));
  return base.map((b, k) => {
    const own = sub[k]!.sum;
    const from = b.sum!;
    if (!own || own.width !== from.width) return metricStatistics([metrics[k]!], hyps, refs, options, valid)[0]!;
    const w = from.width;
    // 32 bits only where both are (a row with 2^24 n-grams makes one side 64-bit).
    const data = from.data instanceof Float32Array && own.data instanceof Float32Array ? Float32Array.from(from.data) : Float64Array.from(from.data);
    differs.forEach((row, d) => data.set(own.data.subarray(d * w, (d + 1) * w), row * w));
    return sumStatistic(data, w, own.score);
  });
}
