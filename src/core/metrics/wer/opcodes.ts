import type { EditOp } from "./alignMatrix";

/** jiwer's `AlignmentChunk`: [refStart, refEnd) of the reference aligned with [hypStart, hypEnd) of the hypothesis. */
export interface AlignmentChunk {
  readonly type: "equal" | "substitute" | "insert" | "delete";
  readonly refStartIdx: number;
  readonly refEndIdx: number;
  readonly hypStartIdx: number;
  readonly hypEndIdx: number;
}

/**
 * rapidfuzz's `Editops.as_opcodes()`: runs of the same edit at consecutive positions become one chunk and the
 * gaps between edits become "equal" chunks ("replace" is renamed "substitute", as jiwer does).
 */
export function toChunks(ops: readonly EditOp[], refLength: number, hypLength: number): AlignmentChunk[] {
  const chunks: AlignmentChunk[] = [];
  let src = 0;
  let dest = 0;
  let k = 0;
  while (k < ops.length) {
    if (src < ops[k].srcPos || dest < ops[k].destPos) {
      chunks.push(chunk("equal", src, ops[k].srcPos, dest, ops[k].destPos));
      src = ops[k].srcPos;
      dest = ops[k].destPos;
    }
    const srcBegin = src;
    const destBegin = dest;
    const type = ops[k].type;
    while (k < ops.length && ops[k].type === type && src === ops[k].srcPos && dest === ops[k].destPos) {
      if (type !== "insert") src++;
      if (type !== "delete") dest++;
      k++;
    }
    chunks.push(chunk(type === "replace" ? "substitute" : type, srcBegin, src, destBegin, dest));
  }
  if (src < refLength || dest < hypLength) chunks.push(chunk("equal", src, refLength, dest, hypLength));
  return chunks;
}

function chunk(type: AlignmentChunk["type"], refStartIdx: number, refEndIdx: number, hypStartIdx: number, hypEndIdx: number): AlignmentChunk {
  return { type, refStartIdx, refEndIdx, hypStartIdx, hypEndIdx };
}
