export const TIERS = ["3b", "7b", "30b", "70b", "thinking", "custom"] as const;
export type Tier = (typeof TIERS)[number];

/** Where a model's GGUF comes from: a local file or an `hf:` URI resolved into the models directory. */
export type ModelSource = { kind: "file"; path: string } | { kind: "uri"; uri: string };

/** A LoRA adapter applied on top of a base model (GGUF adapter file). */
export interface LoraAdapter {
  path: string;
  /** Default 1. */
  scale?: number;
}

export interface ModelSpec {
  /** Short name; used in column names (`pred_<name>_<field>`), so restricted to [A-Za-z0-9._-]. */
  name: string;
  tier: Tier;
  source: ModelSource;
  /** LoRA adapters loaded with the context (finetuned variants of the base model). */
  lora?: LoraAdapter[];
}
