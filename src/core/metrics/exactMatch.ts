import type { TextMetric } from "./textMetric";

const normalise = (text: string): string => text.trim().toLowerCase();

/** Share of predictions equal to the reference after trimming and lower-casing, 0–100 (the seed's rule). */
export const exactMatch: TextMetric = {
  column: "exact_match",
  score(predictions, references) {
    if (predictions.length === 0) return undefined;
    let hits = 0;
    predictions.forEach((p, i) => {
      if (normalise(p) === normalise(references[i] ?? "")) hits++;
    });
    return (100 * hits) / predictions.length;
  },
};
