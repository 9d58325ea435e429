import { segmentRefs, type TextMetric } from "./textMetric";

const normalise = (text: string): string => text.trim().toLowerCase();

/** Share of predictions equal to a reference after trimming and lower-casing, 0–100 (the seed's rule). */
export const exactMatch: TextMetric = {
  id: "exact_match",
  scale: "0-100",
  score(hyps, refs, _options, perSegment) {
    const hits = hyps.map((h, i): number => (segmentRefs(refs, i).some((r) => normalise(r) === normalise(h)) ? 100 : 0));
    return { score: hits.length ? hits.reduce((a, b) => a + b, 0) / hits.length : 0, segments: perSegment ? hits : undefined };
  },
};
