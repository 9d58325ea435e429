import type { Baseline, BertScoreTriple } from "./types";

/**
 * bert_score's baseline rescaling (score.py, `rescale_with_baseline`): each of P, R and F becomes
 * (raw − b) / (1 − b) with its own baseline b. It is applied after the best reference was chosen.
 */
export function rescale(raw: BertScoreTriple, baseline: Baseline): BertScoreTriple {
  const one = (x: number, b: number) => (x - b) / (1 - b);
  return {
    precision: one(raw.precision, baseline.precision),
    recall: one(raw.recall, baseline.recall),
    f1: one(raw.f1, baseline.f1),
  };
}

/**
 * Reads a bert_score baseline file (`LAYER,P,R,F` header, one comma-separated row per layer; bert_score reads
 * row number `layer` with pandas `iloc`). bert_score ships German baselines only for multilingual models, none
 * for deepset/gbert-base: a custom one (its `baseline_path`) has to be computed for that model.
 */
export function parseBaseline(text: string, layer: number): Baseline {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = lines[0]?.split(",").map((h) => h.trim());
  if (header?.join(",") !== "LAYER,P,R,F") throw new Error(`BERTScore baseline: expected the header LAYER,P,R,F, got ${lines[0] ?? "nothing"}`);
  const row = lines[1 + layer]?.split(",").map(Number);
  if (row === undefined || row.length !== 4 || row.some((x) => !Number.isFinite(x))) {
    throw new Error(`BERTScore baseline: no valid row for layer ${layer} (${lines.length - 1} rows)`);
  }
  return { precision: row[1], recall: row[2], f1: row[3] };
}
