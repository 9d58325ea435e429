import { basename, dirname, resolve } from "node:path";
import { pyStrip } from "../wer/pythonText";
import { BertScoreModelError, checkModelFolder, DEFAULT_BERTSCORE_LAYER } from "./modelFolder";
import type { EmbeddedText, EmbeddingProvider } from "./types";

/** The optional package, imported only when BERTScore runs so the core works without it. */
export const TRANSFORMERS_PACKAGE = "@huggingface/transformers";

// The few parts of @huggingface/transformers used here (it is not a dependency the compiler sees).
interface Tensor {
  dims: number[];
  data: ArrayLike<number | bigint>;
}
interface Tokenizer {
  (text: string, options: { truncation: boolean; max_length?: number }): Record<string, Tensor>;
  get_vocab(): Map<string, number> | Record<string, number>;
  model_max_length?: number;
}
interface Transformers {
  env: { allowRemoteModels: boolean; localModelPath: string };
  AutoTokenizer: { from_pretrained(id: string, options: object): Promise<Tokenizer> };
  AutoModel: { from_pretrained(id: string, options: object): Promise<(inputs: Record<string, Tensor>) => Promise<Record<string, Tensor>>> };
}

export interface TransformersProviderOptions {
  /** Local folder with config.json, tokenizer files and model.onnx (or onnx/model.onnx). */
  modelDir: string;
  /** The layer bert_score would score with; the folder's model must have exactly this many layers. */
  layer?: number;
}

/**
 * Embeds texts in-process with a local ONNX BERT through @huggingface/transformers, offline only: the folder is
 * checked first, and nothing is ever downloaded. Each text is encoded as bert_score's `sent_encode` does
 * (stripped, [CLS] … [SEP], truncated to the tokenizer's model_max_length) and run alone (no padding).
 */
export async function createTransformersProvider(options: TransformersProviderOptions): Promise<EmbeddingProvider> {
  const folder = checkModelFolder(resolve(options.modelDir), options.layer ?? DEFAULT_BERTSCORE_LAYER);
  const tf = await importTransformers();
  tf.env.allowRemoteModels = false;
  tf.env.localModelPath = dirname(folder.dir);
  const id = basename(folder.dir);
  const tokenizer = await tf.AutoTokenizer.from_pretrained(id, { local_files_only: true });
  const model = await tf.AutoModel.from_pretrained(id, { local_files_only: true, subfolder: folder.onnxSubfolder, dtype: "fp32" });
  const vocab = tokenizer.get_vocab();
  const tokenOf = new Map<number, string>();
  for (const [token, index] of vocab instanceof Map ? vocab : Object.entries(vocab)) tokenOf.set(index, token);

  return {
    async embed(texts) {
      const out: EmbeddedText[] = [];
      for (const text of texts) {
        const inputs = tokenizer(pyStrip(text), { truncation: true, max_length: tokenizer.model_max_length });
        const ids = Array.from(inputs.input_ids.data, Number);
        const hidden = (await model(inputs)).last_hidden_state;
        if (hidden === undefined || hidden.dims.length !== 3 || hidden.dims[1] !== ids.length) {
          throw new BertScoreModelError(`BERTScore model at ${folder.dir} did not return last_hidden_state for ${ids.length} tokens`);
        }
        const width = hidden.dims[2];
        const data = Array.from(hidden.data, Number);
        out.push({
          tokens: ids.map((i) => tokenOf.get(i) ?? `#${i}`),
          vectors: ids.map((_, k) => data.slice(k * width, (k + 1) * width)),
        });
      }
      return out;
    },
  };
}

async function importTransformers(): Promise<Transformers> {
  const name: string = TRANSFORMERS_PACKAGE; // a variable, so neither tsc nor the bundler resolves it at build time
  try {
    return (await import(name)) as Transformers;
  } catch (e) {
    throw new BertScoreModelError(
      `BERTScore needs the optional package ${TRANSFORMERS_PACKAGE}, which is not installed (${(e as Error).message.split("\n")[0]})`,
    );
  }
}
