import type { JsonMetric } from "./jsonMetric";
import { isValid, wasRun } from "./rowsRun";

/** Share of the rows run whose output passed schema validation (the typed zod schema), 0–100, per model. */
export const schemaCompliance: JsonMetric = {
  id: "schema_compliance",
  scope: "model",
  perRow({ results }, model) {
    return Array.from({ length: results.rowCount }, (_, row) => (wasRun(results, model, row) ? (isValid(results, model, row) ? 100 : 0) : undefined));
  },
};
