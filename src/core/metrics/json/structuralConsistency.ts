import type { JsonMetric } from "./jsonMetric";
import { rawObject, wasRun } from "./rowsRun";

/**
 * Share of the rows run whose raw JSON answer has the most common shape, 0–100, per model. A shape is the list
 * of top-level keys in the order written; a tie between shapes goes to the one seen first. Rows without a JSON
 * object have no shape and count as inconsistent.
 */
export const structuralConsistency: JsonMetric = {
  id: "structural_consistency",
  scope: "model",
  perRow({ results }, model) {
    const shapes = Array.from({ length: results.rowCount }, (_, row): string | null | undefined => {
      if (!wasRun(results, model, row)) return undefined;
      const object = rawObject(results, model, row);
      return object === undefined ? null : JSON.stringify(Object.keys(object));
    });
    const counts = new Map<string, number>();
    for (const shape of shapes) if (typeof shape === "string") counts.set(shape, (counts.get(shape) ?? 0) + 1);
    let common: string | undefined;
    for (const [shape, count] of counts) if (common === undefined || count > counts.get(common)!) common = shape;
    return shapes.map((shape) => (shape === undefined ? undefined : shape === common ? 100 : 0));
  },
};
