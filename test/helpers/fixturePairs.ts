import { readFileSync } from "node:fs";
import { join } from "node:path";

const DIR = join(__dirname, "..", "..", "..", "test", "fixtures", "reference-vectors");

interface Loose {
  hyps?: unknown;
  refs?: unknown;
  target?: unknown;
  prediction?: unknown;
  reference?: unknown;
  hypothesis?: unknown;
}

/**
 * Real (hypothesis, reference) sentence pairs from the reference-vector fixtures (sacrebleu's, rouge_score's and
 * jiwer's own test sentences), in file order, duplicates kept: short and long, punctuation, non-Latin scripts.
 */
export function fixturePairs(): { hyp: string; ref: string }[] {
  const out: { hyp: string; ref: string }[] = [];
  const read = (name: string): Loose[] => JSON.parse(readFileSync(join(DIR, name), "utf8")) as Loose[];
  for (const c of read("sacrebleu_cases.json")) {
    if (!Array.isArray(c.hyps) || !Array.isArray(c.refs) || !Array.isArray(c.refs[0])) continue;
    const first = c.refs[0] as unknown[];
    c.hyps.forEach((h, i) => {
      if (typeof h === "string" && typeof first[i] === "string") out.push({ hyp: h, ref: first[i] as string });
    });
  }
  for (const c of read("rouge_cases.json")) if (typeof c.prediction === "string" && typeof c.target === "string") out.push({ hyp: c.prediction, ref: c.target });
  for (const c of read("jiwer_cases.json")) if (typeof c.hypothesis === "string" && typeof c.reference === "string") out.push({ hyp: c.hypothesis, ref: c.reference });
  return out;
}
