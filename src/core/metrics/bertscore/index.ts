export { parseBaseline, rescale } from "./baseline";
export { greedyMatch } from "./greedyMatch";
export { BertScoreModelError, checkModelFolder, DEFAULT_BERTSCORE_LAYER, exportRecipe } from "./modelFolder";
export { bertScore, type BertScoreOptions, type BertScoreResult } from "./score";
export { createTransformersProvider, TRANSFORMERS_PACKAGE, type TransformersProviderOptions } from "./transformersProvider";
export type { Baseline, BertScoreTriple, EmbeddedText, EmbeddingProvider, TokenWeights } from "./types";
export { BERT_SPECIAL_TOKENS, idfWeights, uniformWeights } from "./weights";
