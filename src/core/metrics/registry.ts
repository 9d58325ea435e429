import { bleu } from "./bleuMetric";
import { chrf, chrfPlusPlus } from "./chrfMetric";
import { cer, mer, wer, wil } from "./errorRateMetric";
import { exactMatch } from "./exactMatch";
import { rouge1, rouge2, rougeL, rougeLsum } from "./rougeMetric";
import type { MetricId, TextMetric } from "./textMetric";
import { fieldAccuracy } from "./json/fieldAccuracy";
import type { JsonMetric } from "./json/jsonMetric";
import { schemaCompliance } from "./json/schemaCompliance";
import { structuralConsistency } from "./json/structuralConsistency";
import { typeCorrectness } from "./json/typeCorrectness";

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

/** The JSON-task metrics (typed fields, issue 13), by id; their metrics-CSV columns are named by id. */
export const JSON_METRICS: Readonly<Record<JsonMetric["id"], JsonMetric>> = {
  schema_compliance: schemaCompliance,
  field_accuracy: fieldAccuracy,
  type_correctness: typeCorrectness,
  structural_consistency: structuralConsistency,
};
