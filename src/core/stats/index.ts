/**
 * Bootstrap statistics for comparing runs and models (issue 12). Pure functions, no I/O.
 *
 * How `compare` uses it, for runs A and B over the same dataset rows (row i = the same input in both):
 *   const pairs = METRIC_IDS.map((m) => ({
 *     a: metricStatistic(m, hypsA, [refs], options, validA),
 *     b: metricStatistic(m, hypsB, [refs], options, validB),
 *   }));
 *   pairs.push({ a: validityStatistic(validA), b: validityStatistic(validB) }, …latency, tokens/s…);
 *   const results = pairedBootstrap(pairs, { resamples: 1000, seed: 12345 });
 *   // results[k]: a, b (score + interval), delta = b − a, deltaLow/deltaHigh (95% CI), p (two-sided)
 * Within one run: bootstrapIntervals([metricStatistic(...)]) for each model's 95% CI, and
 * rankModels(models.map((m) => ({ name, stat })), { lowerIsBetter }) for a ranking with ties. Many statistics on
 * the same rows: resample(stats) once, then intervalOf / compareResampled / rankResampled on the result.
 */
export {
  bootstrapIntervals,
  compareResampled,
  intervalOf,
  pairedBootstrap,
  pValue,
  resample,
  type BootstrapOptions,
  type PairedComparison,
  type Resampled,
  type ScoreInterval,
} from "./pairedBootstrap";
export { DEFAULT_CONFIDENCE, percentileInterval } from "./interval";
export { lowerIsBetter } from "./direction";
export { metricStatistic, metricStatistics } from "./metricStatistic";
export { percentileStatistic } from "./percentileStatistic";
export { DEFAULT_ALPHA, rankModels, rankResampled, type RankedModel, type RankOptions } from "./rankModels";
export { DEFAULT_RESAMPLES, DEFAULT_SEED, expandCounts, forEachResample, identityCounts, type ResampleOptions } from "./resample";
export { mulberry32 } from "./rng";
export { meanStatistic, ratioStatistic, sumStatistic, type RowStatistic } from "./rowStatistic";
export { latencyStatistic, tokensPerSecondStatistic, validityStatistic } from "./runMeasures";
