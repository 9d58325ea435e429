import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** bert_score's `model2layers` has no entry for deepset/gbert-base; 9 is its choice for the bert-base models. */
export const DEFAULT_BERTSCORE_LAYER = 9;

/** How to make a folder the provider accepts: the model cut to `layer` layers, exported to ONNX. */
export function exportRecipe(layer: number, dir = "<dir>"): string {
  return (
    `python -c "from transformers import AutoModel as M, AutoTokenizer as T; ` +
    `M.from_pretrained('deepset/gbert-base', num_hidden_layers=${layer}).save_pretrained('gbert-L${layer}'); ` +
    `T.from_pretrained('deepset/gbert-base').save_pretrained('gbert-L${layer}')" && ` +
    `optimum-cli export onnx --model gbert-L${layer} --task feature-extraction ${dir}`
  );
}

/** The model folder is missing or incomplete, or not the layer bert_score would use: no score can be computed. */
export class BertScoreModelError extends Error {
  override name = "BertScoreModelError";
}

export interface ModelFolder {
  dir: string;
  /** Folder of the ONNX file relative to dir: "onnx" (transformers.js layout) or "" (optimum-cli's). */
  onnxSubfolder: string;
  layers: number;
}

/**
 * Checks a local model folder before anything is loaded, so a missing model gives one clear message instead of
 * a library error. bert_score's `num_layers=9` keeps the first 9 encoder layers and scores their output; an
 * ONNX export only yields its last layer, so the exported model must have exactly `layer` layers.
 */
export function checkModelFolder(dir: string, layer = DEFAULT_BERTSCORE_LAYER): ModelFolder {
  const missing = (what: string) =>
    new BertScoreModelError(`BERTScore model not found at ${dir} (${what}) — run \`${exportRecipe(layer, dir)}\` and set the path`);
  if (!existsSync(dir)) throw missing("no such folder");
  for (const file of ["config.json", "tokenizer.json", "tokenizer_config.json"]) {
    if (!existsSync(join(dir, file))) throw missing(`no ${file}`);
  }
  const onnxSubfolder = existsSync(join(dir, "onnx", "model.onnx")) ? "onnx" : existsSync(join(dir, "model.onnx")) ? "" : undefined;
  if (onnxSubfolder === undefined) throw missing("no model.onnx or onnx/model.onnx");
  let layers: unknown;
  try {
    layers = (JSON.parse(readFileSync(join(dir, "config.json"), "utf8")) as { num_hidden_layers?: unknown }).num_hidden_layers;
  } catch (e) {
    throw new BertScoreModelError(`BERTScore model at ${dir}: config.json is not valid JSON (${(e as Error).message})`);
  }
  if (layers !== layer) {
    throw new BertScoreModelError(
      `BERTScore model at ${dir} has ${String(layers)} layers, but BERTScore uses the output of layer ${layer} ` +
        `(bert_score num_layers=${layer}); export the model cut to ${layer} layers: \`${exportRecipe(layer, dir)}\``,
    );
  }
  return { dir, onnxSubfolder, layers };
}
