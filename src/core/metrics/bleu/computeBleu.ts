import { SMOOTH_DEFAULTS, type SmoothMethod } from "./options";

/** BLEU and its parts, on sacrebleu's scale (score and precisions 0–100). */
export interface BleuScore {
  score: number;
  /** Matched n-grams per order (after add-k smoothing, as sacrebleu reports them). */
  counts: number[];
  /** Hypothesis n-grams per order (after add-k smoothing). */
  totals: number[];
  precisions: number[];
  bp: number;
  sysLen: number;
  refLen: number;
}

export interface BleuStatsOptions {
  /** Default "none", as sacrebleu's `BLEU.compute_bleu` (the `BLEU` class itself defaults to "exp"). */
  smooth_method?: SmoothMethod;
  smooth_value?: number | null;
  effective_order?: boolean;
  /** Default: the length of `correct`. */
  max_ngram_order?: number;
}

/** sacrebleu's `my_log`: log(0) is a very negative number rather than -Infinity. */
function floorLog(x: number): number {
  return x === 0 ? -9999999999 : Math.log(x);
}

/**
 * BLEU from sufficient statistics, step for step as sacrebleu's `BLEU.compute_bleu` (sacrebleu/metrics/bleu.py),
 * so that floating-point results agree to the last bit where the platform's exp/log do.
 */
export function computeBleuFromStats(
  correct: readonly number[],
  total: readonly number[],
  sysLen: number,
  refLen: number,
  options: BleuStatsOptions = {},
): BleuScore {
  const method = options.smooth_method ?? "none";
  if (!Object.hasOwn(SMOOTH_DEFAULTS, method)) throw new RangeError(`unknown smooth_method "${method}"`);
  const order = options.max_ngram_order ?? correct.length;
  if (correct.length !== order || total.length !== order) {
    throw new RangeError(`expected ${order} n-gram counts and totals, got ${correct.length} and ${total.length}`);
  }
  const smoothValue = options.smooth_value ?? SMOOTH_DEFAULTS[method] ?? 0;
  const counts = [...correct];
  const totals = [...total];

  let bp = 1.0;
  if (sysLen < refLen) bp = sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0.0;

  const precisions = new Array<number>(order).fill(0.0);
  // No match at all: 0 whatever the smoothing (sacrebleu issue #141).
  if (!counts.some((c) => c !== 0)) return { score: 0.0, counts, totals, precisions, bp, sysLen, refLen };

  let smoothMteval = 1.0;
  let effOrder = order;
  for (let n = 1; n <= order; n++) {
    if (method === "add-k" && n > 1) {
      counts[n - 1]! += smoothValue;
      totals[n - 1]! += smoothValue;
    }
    if (totals[n - 1] === 0) break;
    if (options.effective_order) effOrder = n;
    const c = counts[n - 1]!;
    const t = totals[n - 1]!;
    if (c === 0) {
      if (method === "exp") {
        smoothMteval *= 2;
        precisions[n - 1] = 100.0 / (smoothMteval * t);
      } else if (method === "floor") {
        precisions[n - 1] = (100.0 * smoothValue) / t;
      }
    } else {
      precisions[n - 1] = (100.0 * c) / t;
    }
  }

  let logSum = 0;
  for (let i = 0; i < effOrder; i++) logSum += floorLog(precisions[i]!);
  const score = bp * Math.exp(logSum / effOrder);
  return { score, counts, totals, precisions, bp, sysLen, refLen };
}
