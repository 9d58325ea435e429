import { corpusBleuFromStats, corpusBleuStats } from "../metrics/bleu/corpusBleu";
import { resolveBleuOptions } from "../metrics/bleu/options";
import type { ReferenceStreams } from "../metrics/bleu/referenceStreams";
import { SCORE_BATCH } from "../metrics/batchedCorpusScore";
import { bleuOptions } from "../metrics/bleuMetric";
import { chrfFScore, corpusChrf } from "../metrics/chrf";
import { resolveChrfOptions } from "../metrics/chrf/options";
import { chrfOptionsFor } from "../metrics/chrfMetric";
import { TEXT_METRICS } from "../metrics/registry";
import type { ScoreOptions } from "../metrics/scoreOptions";
import type { MetricId } from "../metrics/textMetric";
import { charMeasures, wordMeasures } from "../metrics/wer";
import { measures } from "../metrics/wer/process";
import { meanStatistic, sumStatistic, type RowStatistic } from "./rowStatistic";

/**
 * A text metric as a resamplable statistic over rows: each row's sufficient statistics are computed once, and a
 * resample sums them exactly as the metric's corpus score aggregates its segments:
 * - BLEU: `[hypLen, refLen, correct×4, total×4]` (sacrebleu's statistics), then corpus BLEU of the sums;
 * - chrF / chrF++: `[hyp, ref, match]` per character and word order, then the F-score of the sums;
 * - WER, MER, WIL, CER: jiwer's hits, substitutions, deletions, insertions, then jiwer's formulas (ratios of
 *   summed counts, not means of per-row rates);
 * - ROUGE and exact match: the mean of the per-row scores.
 * On the full sample in row order the value equals `TEXT_METRICS[metric].score(...)` over the included rows
 * bit for bit (integer sums; means added in the same order). Rows not `included` (schema-invalid ones) take part
 * in the resampling but contribute nothing, so A and B can be paired over the same rows while each is scored on
 * its own valid rows, as computeMetrics does. `refs[k][i]` is the k-th reference of row i, as everywhere.
 */
export function metricStatistic(
  metric: MetricId,
  hyps: readonly string[],
  refs: ReferenceStreams,
  options: ScoreOptions,
  included?: readonly boolean[],
): RowStatistic {
  const n = hyps.length;
  const rowRefs = (i: number): ReferenceStreams => refs.map((stream) => [stream[i]]);
  const keep = (i: number): boolean => !included || included[i] === true;
  const perRow = (width: number, stats: (i: number) => readonly number[]): Float32Array | Float64Array => perRowData(n, width, keep, stats);
  switch (metric) {
    case "bleu": {
      const bleu = bleuOptions(options);
      const width = 2 + 2 * resolveBleuOptions(bleu, false).max_ngram_order;
      const data = perRow(width, (i) => corpusBleuStats([hyps[i]!], rowRefs(i), bleu));
      return sumStatistic(data, width, (sums) => corpusBleuFromStats(Array.from(sums), bleu));
    }
    case "chrf":
    case "chrf++": {
      const chrf = chrfOptionsFor(options, metric === "chrf" ? 0 : 2);
      const resolved = resolveChrfOptions(chrf);
      const width = 3 * (resolved.char_order + resolved.word_order);
      const data = perRow(width, (i) => corpusChrf([hyps[i]!], rowRefs(i), chrf).stats);
      return sumStatistic(data, width, (sums) => chrfFScore(Array.from(sums), resolved.beta, resolved.eps_smoothing));
    }
    case "wer":
    case "mer":
    case "wil":
    case "cer":
      return errorRateStatistic(metric, editCountData(metric === "cer" ? "chars" : "words", hyps, refs, keep));
    default: {
      // Means of per-segment scores: ROUGE-1/2/L/Lsum and exact match.
      // In batches, as batchedCorpusScore, so 100,000 rows' token tables are never held at once.
      const rows = hyps.map((_, i) => i).filter(keep);
      const values = new Array<number>(n).fill(0);
      for (let start = 0; start < rows.length; start += SCORE_BATCH) {
        const batch = rows.slice(start, start + SCORE_BATCH);
        const segments = TEXT_METRICS[metric].score(batch.map((i) => hyps[i]!), refs.map((s) => batch.map((i) => s[i] ?? "")), options, true).segments!;
        batch.forEach((row, k) => (values[row] = segments[k]!));
      }
      return meanStatistic(values, hyps.map((_, i) => keep(i)));
    }
  }
}

/**
 * Several metrics on the same rows. WER, MER and WIL share one word alignment per row, so asking for all three
 * aligns each row once instead of three times.
 */
export function metricStatistics(
  metrics: readonly MetricId[],
  hyps: readonly string[],
  refs: ReferenceStreams,
  options: ScoreOptions,
  included?: readonly boolean[],
): RowStatistic[] {
  let words: Float32Array | Float64Array | undefined;
  const keep = (i: number): boolean => !included || included[i] === true;
  return metrics.map((metric) => {
    if (metric !== "wer" && metric !== "mer" && metric !== "wil") return metricStatistic(metric, hyps, refs, options, included);
    words ??= editCountData("words", hyps, refs, keep);
    return errorRateStatistic(metric, words);
  });
}

/** Per row jiwer's hits, substitutions, deletions and insertions against the first reference stream (as errorRateMetric.ts). */
function editCountData(unit: "words" | "chars", hyps: readonly string[], refs: ReferenceStreams, keep: (i: number) => boolean): Float32Array | Float64Array {
  const first = refs[0] ?? [];
  const counts = unit === "chars" ? charMeasures : wordMeasures;
  return perRowData(hyps.length, 4, keep, (i) => {
    const c = counts([first[i] ?? ""], [hyps[i]!]);
    return [c.hits, c.substitutions, c.deletions, c.insertions];
  });
}

function errorRateStatistic(metric: "wer" | "mer" | "wil" | "cer", data: Float32Array | Float64Array): RowStatistic {
  const pick = metric === "cer" ? "wer" : metric; // jiwer's cer is the wer formula over characters
  return sumStatistic(data, 4, (s) => {
    const [hits, substitutions, deletions, insertions] = [s[0]!, s[1]!, s[2]!, s[3]!];
    // Every reference token is a hit, substitution or deletion; every hypothesis token a hit, substitution or insertion.
    return measures({ hits, substitutions, deletions, insertions }, hits + substitutions + deletions, hits + substitutions + insertions)[pick];
  });
}

/** `width` statistics per included row (zeros for the others), in 32 bits when that is exact. */
function perRowData(n: number, width: number, keep: (i: number) => boolean, stats: (i: number) => readonly number[]): Float32Array | Float64Array {
  // Integer counts: exact in 32 bits unless a row has 2^24 n-grams (then start over in 64); sums are taken in 64.
  const narrow = new Float32Array(n * width);
  for (let i = 0; i < n; i++) {
    if (!keep(i)) continue;
    const row = stats(i);
    narrow.set(row, i * width);
    for (let j = 0; j < width; j++) if (narrow[i * width + j] !== row[j]) return wideRowData(n, width, keep, stats);
  }
  return narrow;
}

function wideRowData(n: number, width: number, keep: (i: number) => boolean, stats: (i: number) => readonly number[]): Float64Array {
  const data = new Float64Array(n * width);
  for (let i = 0; i < n; i++) if (keep(i)) data.set(stats(i), i * width);
  return data;
}
