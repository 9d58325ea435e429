/**
 * What each seed model stands for, for `prompt-bench models` and the memory-fit estimate. File sizes are the
 * approximate sizes of the Q4_K_M files (not checked against huggingface.co from here); a present file's real
 * size is used instead.
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
  "llama3.2-3b": { hfModel: "meta-llama/Llama-3.2-3B-Instruct", paramsB: 3.2, fileSizeGB: 2.0, reasoning: false },
  "qwen2.5-3b": { hfModel: "Qwen/Qwen2.5-3B-Instruct", paramsB: 3.1, fileSizeGB: 1.9, reasoning: false },
  "phi3.5-mini": { hfModel: "microsoft/Phi-3.5-mini-instruct", paramsB: 3.8, fileSizeGB: 2.4, reasoning: false },
  "mistral-7b": { hfModel: "mistralai/Mistral-7B-Instruct-v0.3", paramsB: 7.2, fileSizeGB: 4.4, reasoning: false },
  "llama3.1-8b": { hfModel: "meta-llama/Llama-3.1-8B-Instruct", paramsB: 8.0, fileSizeGB: 4.9, reasoning: false },
  "qwen2.5-7b": { hfModel: "Qwen/Qwen2.5-7B-Instruct", paramsB: 7.6, fileSizeGB: 4.7, reasoning: false },
  "qwen2.5-32b": { hfModel: "Qwen/Qwen2.5-32B-Instruct", paramsB: 32.8, fileSizeGB: 19.9, reasoning: false },
  "mistral-small": { hfModel: "mistralai/Mistral-Small-24B-Instruct-2501", paramsB: 23.6, fileSizeGB: 14.3, reasoning: false },
  "llama3.1-70b": { hfModel: "meta-llama/Llama-3.1-70B-Instruct", paramsB: 70.6, fileSizeGB: 42.5, reasoning: false },
  "qwen2.5-72b": { hfModel: "Qwen/Qwen2.5-72B-Instruct", paramsB: 72.7, fileSizeGB: 47.4, reasoning: false },
  "qwq-32b": { hfModel: "Qwen/QwQ-32B", paramsB: 32.8, fileSizeGB: 19.9, reasoning: true },
  // The real DeepSeek-R1 has 671B parameters (~400 GB at 4 bits); the registry runs the 32B distill.
  "deepseek-r1": { hfModel: "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", paramsB: 32.8, fileSizeGB: 19.9, reasoning: true },
};
