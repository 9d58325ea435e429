import type { CsvTable } from "./table";

export type Delimiter = CsvTable["delimiter"];

/** Candidates in tie-break order: a header with as many `;` as `,` is read as comma-separated. */
const CANDIDATES: Delimiter[] = [",", ";", "\t"];

/**
 * The delimiter that occurs most often in the header line (the first non-blank line), counting only characters
 * outside double quotes so a quoted column name like "a;b" does not vote. No candidate at all means a
 * one-column file; `,` is used then.
 */
export function sniffDelimiter(text: string): Delimiter {
  return sniffHeader(text, true)!;
}

/**
 * As sniffDelimiter for the start of a file read in pieces: undefined while `text` does not yet hold the whole
 * header line and more text may follow (`atEnd` false).
 */
export function sniffHeader(text: string, atEnd: boolean): Delimiter | undefined {
  const counts = new Map<string, number>(CANDIDATES.map((d) => [d, 0]));
  let inQuotes = false;
  let seenContent = false;
  let complete = atEnd;
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === "\n" || ch === "\r")) {
      if (seenContent) {
        complete = true;
        break;
      }
      continue;
    } else if (!inQuotes && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    seenContent = true;
  }
  if (!complete) return undefined;
  let best: Delimiter = ",";
  for (const d of CANDIDATES) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}
