import { compareResampled, resample, type BootstrapOptions, type Resampled } from "./pairedBootstrap";
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
 * Ranks models scored on the same rows, best first, with a paired bootstrap of each pair (the same resamples for
 * all). Ties: a model's rank is 1 + the number of models significantly better than it (p < alpha and a better
 * score), so models with no significant difference between them share a rank, as in WMT's clusters.
 * Non-significance is not transitive (A ~ B and B ~ C while A beats C), so `tiedWith` lists each model's own
 * ties rather than forcing groups; equal ranks are the displayed groups. No correction for the number of pairs
 * is made (k models make k(k−1)/2 tests): with many models, read near-alpha p-values with care.
 */
export function rankModels(models: readonly { name: string; stat: RowStatistic }[], options: RankOptions = {}): RankedModel[] {
  const r = resample(
    models.map((m) => m.stat),
    options,
  );
  return rankResampled(
    models.map((m) => m.name),
    r,
    options,
  );
}

/** rankModels on statistics already resampled together: `names[k]` is statistic k of `r`. */
export function rankResampled(names: readonly string[], r: Resampled, options: Pick<RankOptions, "alpha" | "lowerIsBetter"> = {}): RankedModel[] {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const sign = options.lowerIsBetter ? -1 : 1;
  const better = names.map(() => 0);
  const ties: string[][] = names.map(() => []);
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const c = compareResampled(r, i, j);
      if (!(c.p < alpha)) {
        ties[i]!.push(names[j]!);
        ties[j]!.push(names[i]!);
      } else if (sign * c.delta > 0) better[i]!++;
      else if (sign * c.delta < 0) better[j]!++;
    }
  }
  const order = names.map((_, i) => i).sort((x, y) => sign * (r.scores[y]! - r.scores[x]!) || x - y);
  const position = new Map(order.map((i, pos) => [names[i]!, pos]));
  return order.map((i) => ({
    name: names[i]!,
    score: r.scores[i]!,
    rank: 1 + better[i]!,
    tiedWith: [...ties[i]!].sort((x, y) => position.get(x)! - position.get(y)!),
  }));
}
