import { DatasetMismatchError } from "../errors/datasetMismatchError";
import type { RunRecord } from "../history/runRecord";
import { DEFAULT_SCORE_OPTIONS, type ScoreOptions } from "../metrics/scoreOptions";
import { METRIC_IDS, type MetricId } from "../metrics/textMetric";
import type { RougeTokenizer } from "../metrics/rouge";
import { compareResampled, lowerIsBetter, metricStatistics, type PairedComparison, type RowStatistic } from "../stats";
import { changedRows } from "./changedRows";
import { COMPARE_DEFAULTS, type CompareOptions, type SideInfo } from "./compareOptions";
import type { ComparedSide, Comparison, FieldComparison, MeasureComparison, ModelComparison } from "./comparison";
import { matchRows, type MatchedRows } from "./matchRows";
import { measurePairs } from "./measureStatistics";
import { resamplePairs } from "./resamplePairs";
import { metricStatisticsLike } from "./reuseStatistics";
import { sideRows } from "./sideRows";

/**
 * Compares run B with run A (the baseline): rows paired by input hash, models by name, fields by name. Every
 * statistic of a model (each field's metrics and the measures) is scored on the same bootstrap resamples, drawn
 * once per model with the given seed, so its deltas are paired and reproducible.
 */
export function compareRuns(a: RunRecord, b: RunRecord, options: CompareOptions = {}): Comparison {
  const bootstrap = {
    resamples: options.resamples ?? COMPARE_DEFAULTS.resamples,
    seed: options.seed ?? COMPARE_DEFAULTS.seed,
    confidence: options.confidence ?? COMPARE_DEFAULTS.confidence,
  };
  const matched = matchRows(a.references, b.references);
  const sideA = describe(a, options.sides?.a);
  const sideB = describe(b, options.sides?.b);
  if (matched.a.length === 0) {
    throw new DatasetMismatchError(
      `${sideA.label} and ${sideB.label} share no dataset row (${a.references.length} and ${b.references.length} rows, no input in common: ` +
        `datasets ${a.dataset.file || "(unknown)"} and ${b.dataset.file || "(unknown)"}). Compare runs of the same dataset.`,
    );
  }
  const namesA = a.models.map((m) => m.name);
  const namesB = b.models.map((m) => m.name);
  const wanted = (name: string) => !options.models || options.models.includes(name);
  const models = namesA.filter((n) => namesB.includes(n) && wanted(n));
  const fields = a.fields.filter((f) => b.fields.includes(f) && (!options.fields || options.fields.includes(f)));
  const scoreOptions = options.scoreOptions ?? scoreOptionsOf(a, b);
  const metrics = options.metrics ?? METRIC_IDS;
  return {
    a: sideA,
    b: sideB,
    rowsCompared: matched.a.length,
    rowsOnlyInA: matched.onlyInA,
    rowsOnlyInB: matched.onlyInB,
    bootstrap,
    models: models.map((model) => compareModel(a, b, model, fields, matched, metrics, scoreOptions, bootstrap, options.changedRows)),
    modelsOnlyInA: namesA.filter((n) => !namesB.includes(n) && wanted(n)),
    modelsOnlyInB: namesB.filter((n) => !namesA.includes(n) && wanted(n)),
  };
}

function compareModel(
  a: RunRecord,
  b: RunRecord,
  model: string,
  fields: readonly string[],
  matched: MatchedRows,
  metrics: readonly MetricId[],
  scoreOptions: ScoreOptions,
  bootstrap: { resamples: number; seed: number; confidence: number },
  keepRows: number | undefined,
): ModelComparison {
  const refs = matched.a.map((i) => a.references[i]!);
  const ra = sideRows(a, model, matched.a, fields);
  const rb = sideRows(b, model, matched.b, fields);
  // Pair k's statistics are 2k (A) and 2k + 1 (B) of the resampled result.
  const stats: { a: RowStatistic; b: RowStatistic }[] = [];
  const add = (x: RowStatistic, y: RowStatistic): number => 2 * (stats.push({ a: x, b: y }) - 1);
  const perField = fields.map((field) => {
    // A side without a valid row has no score (its metrics CSV cells are empty): nothing to compare.
    if (!ra.valid.includes(true) || !rb.valid.includes(true)) return { field, at: [] as number[] };
    const expected = [refs.map((r) => r.expected[field] ?? "")];
    const sa = metricStatistics(metrics, ra.hyps.get(field)!, expected, scoreOptions, ra.valid);
    const sb = metricStatisticsLike(sa, ra.hyps.get(field)!, ra.valid, metrics, rb.hyps.get(field)!, expected, scoreOptions, rb.valid);
    return { field, at: metrics.map((_, k) => add(sa[k]!, sb[k]!)) };
  });
  const measures = measurePairs(ra, rb, a.models.find((m) => m.name === model), b.models.find((m) => m.name === model));
  const measureAt = measures.map((m) => add(m.a, m.b));
  const r = stats.length > 0 ? resamplePairs(stats, bootstrap) : undefined;
  const paired = (at: number): PairedComparison => compareResampled(r!, at, at + 1);
  const significant = (c: PairedComparison) => c.p < 1 - bootstrap.confidence;
  const fieldResults: FieldComparison[] = perField.map(({ field, at }) => ({
    field,
    metrics: at.map((k, m) => {
      const c = paired(k);
      return { metric: metrics[m]!, lowerIsBetter: lowerIsBetter(metrics[m]!), significant: significant(c), ...c };
    }),
  }));
  const measureResults: MeasureComparison[] = [];
  measures.forEach((m, i) => {
    const c = paired(measureAt[i]!);
    // A measure neither side can score on these rows (e.g. no row timed among them) is left out rather than NaN.
    if (!Number.isFinite(c.a.score) || !Number.isFinite(c.b.score)) return;
    measureResults.push({
      measure: m.measure,
      unit: m.unit,
      lowerIsBetter: m.lowerIsBetter,
      significant: significant(c),
      ...c,
      ...(c.a.score !== 0 && { relative: c.delta / c.a.score }),
    });
  });
  // Row and line on B's side (the contract); the expected values are the same on both (they are part of the hash).
  const changed = changedRows(matched.b.map((j) => b.references[j]!), ra, rb, fields, scoreOptions);
  const result: ModelComparison = { model, fields: fieldResults, measures: measureResults, changedRows: keepRows === undefined ? changed : changed.slice(0, keepRows) };
  if (keepRows !== undefined) result.changedRowCount = changed.length;
  return result;
}

function describe(run: RunRecord, info: SideInfo | undefined): ComparedSide {
  return {
    id: info?.id ?? run.id,
    label: info?.label ?? run.id,
    source: info?.source ?? "history",
    startedAt: run.startedAt,
    promptSha256: run.prompt.sha256,
    ...(run.prompt.file !== undefined && { promptFile: run.prompt.file }),
    ...(run.dataset.file !== "" && { datasetFile: run.dataset.file }),
    ...(run.dataset.sha256 !== "" && { datasetSha256: run.dataset.sha256 }),
  };
}

/** The metrics CSV's options: the defaults, with the ROUGE tokenizer the run used (B's, else A's). */
function scoreOptionsOf(a: RunRecord, b: RunRecord): ScoreOptions {
  const tokenizer = (b.params.rougeTokenizer ?? a.params.rougeTokenizer) as RougeTokenizer | undefined;
  return tokenizer === "default" || tokenizer === "unicode" ? { ...DEFAULT_SCORE_OPTIONS, rougeTokenizer: tokenizer } : DEFAULT_SCORE_OPTIONS;
}
