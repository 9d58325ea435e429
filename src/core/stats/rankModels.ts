import { pairedBootstrap, type BootstrapOptions } from "./pairedBootstrap";
import { identityIndices } from "./resample";
import type { RowStatistic } from "./rowStatistic";

/** Significance level below which two models count as different; default 0.05. */
export const DEFAULT_ALPHA = 0.05;

export interface RankedModel {
  name: string;
  score: number;
  /** 1 + the number of models significantly better than this one; models sharing a rank are tied. */
  rank: number;
  /** The models whose difference from this one is not significant (p ≥ alpha), best first. */
  tiedWith: string[];
}

export interface RankOptions extends BootstrapOptions {
  alpha?: number;
  /** True for error rates and latency: then a lower score ranks higher. */
  lowerIsBetter?: boolean;
}

/**
 * Ranks models scored on the same rows, best first, with a paired bootstrap (same resamples for every pair) of
 * each pair. Ties: a model's rank is 1 + the number of models that are significantly better than it (p < alpha
 * and a better score), so models with no significant difference between them share a rank, as in WMT's
 * clusters. Non-significance is not transitive (A ~ B and B ~ C while A beats C), so `tiedWith` lists each
 * model's own ties rather than forcing groups; equal ranks are the displayed groups. No correction for the
 * number of pairs is made (k models make k(k−1)/2 tests): with many models, read near-alpha p-values with care.
 */
export function rankModels(models: readonly { name: string; stat: RowStatistic }[], options: RankOptions = {}): RankedModel[] {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const sign = options.lowerIsBetter ? -1 : 1;
  const pairs: { a: RowStatistic; b: RowStatistic; i: number; j: number }[] = [];
  for (let i = 0; i < models.length; i++) for (let j = i + 1; j < models.length; j++) pairs.push({ a: models[i]!.stat, b: models[j]!.stat, i, j });
  const results = pairedBootstrap(pairs, options);
  const scores = models.map((m) => m.stat.value(identityIndices(m.stat.rows)));
  const better = models.map(() => 0);
  const ties: string[][] = models.map(() => []);
  results.forEach((r, k) => {
    const { i, j } = pairs[k]!;
    if (!(r.p < alpha)) {
      ties[i]!.push(models[j]!.name);
      ties[j]!.push(models[i]!.name);
    } else if (sign * r.delta > 0) better[i]!++;
    else if (sign * r.delta < 0) better[j]!++;
  });
  const order = models.map((_, i) => i).sort((x, y) => sign * (scores[y]! - scores[x]!) || x - y);
  const position = new Map(order.map((i, pos) => [models[i]!.name, pos]));
  return order.map((i) => ({
    name: models[i]!.name,
    score: scores[i]!,
    rank: 1 + better[i]!,
    tiedWith: [...ties[i]!].sort((x, y) => position.get(x)! - position.get(y)!),
  }));
}
