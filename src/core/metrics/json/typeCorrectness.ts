import { hasDeclaredType } from "../../typed/typedValue";
import type { JsonMetric } from "./jsonMetric";
import { rawObject, wasRun } from "./rowsRun";

/**
 * Share of the rows run whose raw JSON answer holds the field with the declared JSON type as written, before
 * any coercion (`"42"` for an integer field is not correct, though validation accepts it), 0–100. A row without
 * a JSON object, or without the key, counts as incorrect.
 */
export const typeCorrectness: JsonMetric = {
  id: "type_correctness",
  scope: "field",
  perRow({ results, types }, model, field) {
    const type = types[field] ?? { kind: "string", nullable: false };
    return Array.from({ length: results.rowCount }, (_, row) => {
      if (!wasRun(results, model, row)) return undefined;
      const object = rawObject(results, model, row);
      return object !== undefined && Object.hasOwn(object, field) && hasDeclaredType(type, object[field]) ? 100 : 0;
    });
  },
};
