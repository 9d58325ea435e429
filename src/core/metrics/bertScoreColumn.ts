import { predColumn } from "../results/columns";
import type { MetricsRow } from "../runner/options";
import { bertScore, createTransformersProvider, type EmbeddingProvider } from "./bertscore";
import { validRows, type ResultsView } from "./computeMetrics";

/**
 * Fills `bertscore_f1` (mean F1 over valid rows, 0–1) when a local BERTScore model folder is configured.
 * Returns why the column stays empty otherwise: it is never estimated.
 */
export async function fillBertScore(
  rows: MetricsRow[],
  results: ResultsView,
  modelDir: string | undefined,
  makeProvider: (dir: string) => Promise<EmbeddingProvider> = (dir) => createTransformersProvider({ modelDir: dir }),
): Promise<string | undefined> {
  if (!modelDir) {
    return (
      "bertscore_f1 is empty: no BERTScore model is configured (--bertscore-model DIR or PROMPT_BENCH_BERTSCORE_MODEL, " +
      "a local ONNX export of deepset/gbert-base); no value is estimated in its place."
    );
  }
  let provider: EmbeddingProvider;
  try {
    provider = await makeProvider(modelDir);
  } catch (error) {
    return `bertscore_f1 is empty: ${(error as Error).message}`;
  }
  for (const row of rows) {
    const valid = validRows(results, row.model);
    if (valid.length === 0) continue;
    const candidates = await provider.embed(valid.map((r) => results.get(r, predColumn(row.model, row.field))));
    const references = await provider.embed(valid.map((r) => results.get(r, row.field)));
    row.bertscore_f1 = bertScore(candidates, references).mean.f1;
  }
  return undefined;
}
