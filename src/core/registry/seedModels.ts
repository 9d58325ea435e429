import type { ModelSpec, Tier } from "./modelSpec";

/**
 * The seed CLI's twelve models, each as a Q4_K_M GGUF on Hugging Face (bartowski's single-file quants; none of the
 * twelve is split, the 70B ones are single files of 42.5 and 47.4 GB). Checked 2026-11-23 against stored copies of
 * huggingface.co pages (no live access from here): every file is named on a page of its own repo. QwQ comes from
 * lmstudio-community (also bartowski's upload): the file name in bartowski/Qwen_QwQ-32B-GGUF was found only in code.
 * - mistral-small is Mistral-Small-24B-Instruct-2501.
 * - deepseek-r1 is the distill DeepSeek-R1-Distill-Qwen-32B: the full R1 (671B) does not fit a workstation.
 */
const SEEDS: [name: string, tier: Tier, uri: string][] = [
  ["llama3.2-3b", "3b", "hf:bartowski/Llama-3.2-3B-Instruct-GGUF/Llama-3.2-3B-Instruct-Q4_K_M.gguf"],
  ["qwen2.5-3b", "3b", "hf:bartowski/Qwen2.5-3B-Instruct-GGUF/Qwen2.5-3B-Instruct-Q4_K_M.gguf"],
  ["phi3.5-mini", "3b", "hf:bartowski/Phi-3.5-mini-instruct-GGUF/Phi-3.5-mini-instruct-Q4_K_M.gguf"],
  ["mistral-7b", "7b", "hf:bartowski/Mistral-7B-Instruct-v0.3-GGUF/Mistral-7B-Instruct-v0.3-Q4_K_M.gguf"],
  ["llama3.1-8b", "7b", "hf:bartowski/Meta-Llama-3.1-8B-Instruct-GGUF/Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf"],
  ["qwen2.5-7b", "7b", "hf:bartowski/Qwen2.5-7B-Instruct-GGUF/Qwen2.5-7B-Instruct-Q4_K_M.gguf"],
  ["qwen2.5-32b", "30b", "hf:bartowski/Qwen2.5-32B-Instruct-GGUF/Qwen2.5-32B-Instruct-Q4_K_M.gguf"],
  ["mistral-small", "30b", "hf:bartowski/Mistral-Small-24B-Instruct-2501-GGUF/Mistral-Small-24B-Instruct-2501-Q4_K_M.gguf"],
  ["llama3.1-70b", "70b", "hf:bartowski/Meta-Llama-3.1-70B-Instruct-GGUF/Meta-Llama-3.1-70B-Instruct-Q4_K_M.gguf"],
  ["qwen2.5-72b", "70b", "hf:bartowski/Qwen2.5-72B-Instruct-GGUF/Qwen2.5-72B-Instruct-Q4_K_M.gguf"],
  ["qwq-32b", "thinking", "hf:lmstudio-community/QwQ-32B-GGUF/QwQ-32B-Q4_K_M.gguf"],
  ["deepseek-r1", "thinking", "hf:bartowski/DeepSeek-R1-Distill-Qwen-32B-GGUF/DeepSeek-R1-Distill-Qwen-32B-Q4_K_M.gguf"],
];

export const SEED_MODELS: readonly ModelSpec[] = SEEDS.map(([name, tier, uri]) => ({ name, tier, source: { kind: "uri", uri } }));
