import { bleu } from "./bleuMetric";
import { chrf, chrfPlusPlus } from "./chrfMetric";
import { cer, mer, wer, wil } from "./errorRateMetric";
import { exactMatch } from "./exactMatch";
import { rouge1, rouge2, rougeL, rougeLsum } from "./rougeMetric";
import type { MetricId, TextMetric } from "./textMetric";

/** Every text metric, by id. */
export const TEXT_METRICS: Readonly<Record<MetricId, TextMetric>> = {
  bleu,
  chrf,
  "chrf++": chrfPlusPlus,
  rouge1,
  rouge2,
  rougeL,
  rougeLsum,
  wer,
  cer,
  mer,
  wil,
  exact_match: exactMatch,
};
