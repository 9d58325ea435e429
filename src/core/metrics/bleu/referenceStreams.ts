import type { EmptyRefs } from "./options";
import type { RefCount } from "./signature";

/** One reference stream per reference: `streams[k][i]` is the k-th reference of segment i (sacrebleu's layout). */
export type ReferenceStreams = readonly (readonly (string | null | undefined)[])[];

export interface SegmentReferences {
  /** The references of each segment, missing ones left out. */
  bySegment: string[][];
  nrefs: RefCount;
}

/**
 * Regroups reference streams by segment and drops missing references as sacrebleu's
 * `Metric._cache_references` does (sacrebleu/metrics/base.py), counting references for the signature.
 * Stricter than sacrebleu in two ways that would otherwise give silently wrong figures: streams shorter or longer
 * than the hypotheses (sacrebleu's zip truncates) and segments without any reference (sacrebleu crashes) throw.
 */
export function segmentReferences(hypCount: number, streams: ReferenceStreams, emptyRefs: EmptyRefs): SegmentReferences {
  if (hypCount === 0) throw new RangeError("no hypotheses to score");
  if (streams.length === 0) throw new RangeError("no reference streams");
  streams.forEach((stream, k) => {
    if (stream.length !== hypCount) {
      throw new RangeError(`reference stream ${k + 1} has ${stream.length} segments, the hypotheses ${hypCount}`);
    }
  });
  const counts = new Set<number>();
  const bySegment: string[][] = [];
  for (let i = 0; i < hypCount; i++) {
    const refs: string[] = [];
    for (const stream of streams) {
      const ref = stream[i];
      if (ref == null || (ref === "" && emptyRefs === "missing")) continue;
      refs.push(ref);
    }
    if (refs.length === 0) throw new RangeError(`segment ${i + 1} has no reference`);
    counts.add(refs.length);
    bySegment.push(refs);
  }
  return { bySegment, nrefs: counts.size === 1 ? [...counts][0]! : "var" };
}
