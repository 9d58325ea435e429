/**
 * What each seed model stands for, for `prompt-bench models` and the memory-fit estimate. File sizes are the sizes
 * Hugging Face shows for the seed URIs' files (decimal GB, as HF and bartowski's cards print them), read from stored
 * copies of huggingface.co pages on 2026-11-23; a present file's real size is used instead. Parameter counts agree
 * with counts recomputed from the models' configs (rounded to 0.1B).
 */
export interface ModelFacts {
  hfModel: string;
  /** Parameters, billions. */
  paramsB: number;
  /** Approximate Q4_K_M file size, GB (10^9 bytes). */
  fileSizeGB: number;
  /** Emits reasoning (<think>) before its answer. */
  reasoning: boolean;
}

export const MODEL_FACTS: Readonly<Record<string, ModelFacts>> = {
  "llama3.2-3b": { hfModel: "meta-llama/Llama-3.2-3B-Instruct", paramsB: 3.2, fileSizeGB: 2.02, reasoning: false },
  "qwen2.5-3b": { hfModel: "Qwen/Qwen2.5-3B-Instruct", paramsB: 3.1, fileSizeGB: 1.93, reasoning: false },
  "phi3.5-mini": { hfModel: "microsoft/Phi-3.5-mini-instruct", paramsB: 3.8, fileSizeGB: 2.39, reasoning: false },
  "mistral-7b": { hfModel: "mistralai/Mistral-7B-Instruct-v0.3", paramsB: 7.2, fileSizeGB: 4.37, reasoning: false },
  "llama3.1-8b": { hfModel: "meta-llama/Llama-3.1-8B-Instruct", paramsB: 8.0, fileSizeGB: 4.92, reasoning: false },
  "qwen2.5-7b": { hfModel: "Qwen/Qwen2.5-7B-Instruct", paramsB: 7.6, fileSizeGB: 4.68, reasoning: false },
  "qwen2.5-32b": { hfModel: "Qwen/Qwen2.5-32B-Instruct", paramsB: 32.8, fileSizeGB: 19.9, reasoning: false },
  "mistral-small": { hfModel: "mistralai/Mistral-Small-24B-Instruct-2501", paramsB: 23.6, fileSizeGB: 14.3, reasoning: false },
  "llama3.1-70b": { hfModel: "meta-llama/Llama-3.1-70B-Instruct", paramsB: 70.6, fileSizeGB: 42.5, reasoning: false },
  "qwen2.5-72b": { hfModel: "Qwen/Qwen2.5-72B-Instruct", paramsB: 72.7, fileSizeGB: 47.4, reasoning: false },
  // QwQ's card says 32.5B; its config is Qwen2.5-32B's, whose tensors count 32.76B. 19.9 GB: the size on
  // lmstudio-community's stored file page.
  "qwq-32b": { hfModel: "Qwen/QwQ-32B", paramsB: 32.8, fileSizeGB: 19.9, reasoning: true },
  // The real DeepSeek-R1 has 671B parameters (~400 GB at 4 bits); the registry runs the 32B distill.
  "deepseek-r1": { hfModel: "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", paramsB: 32.8, fileSizeGB: 19.9, reasoning: true },
};
