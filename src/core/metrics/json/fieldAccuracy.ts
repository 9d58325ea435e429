import { predColumn } from "../../results/columns";
import { parseCell, valuesEqual } from "../../typed/typedValue";
import type { JsonMetric } from "./jsonMetric";
import { isValid, wasRun } from "./rowsRun";

/**
 * Share of the rows run whose prediction equals the reference by the field's type (valuesEqual), 0–100. A row
 * that failed validation counts as a miss (it has no value), so accuracy is over all rows run, not only valid
 * ones: a model is not rewarded for answering only the easy rows in shape.
 */
export const fieldAccuracy: JsonMetric = {
  id: "field_accuracy",
  scope: "field",
  perRow({ results, types }, model, field) {
    const type = types[field] ?? { kind: "string", nullable: false };
    return Array.from({ length: results.rowCount }, (_, row) => {
      if (!wasRun(results, model, row)) return undefined;
      if (!isValid(results, model, row)) return 0;
      const prediction = parseCell(type, results.get(row, predColumn(model, field)));
      return valuesEqual(type, prediction, parseCell(type, results.get(row, field))) ? 100 : 0;
    });
  },
};
