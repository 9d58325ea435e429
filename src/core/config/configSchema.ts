import { z } from "zod";

/**
 * `prompt-bench.config.json`. Strict objects: an unknown key (a typo such as "failon") is an error naming it,
 * not a setting silently ignored. Issue 15 adds the run options beside `gates`.
 */
export const gatesConfigSchema = z.strictObject({
  /** Same text as `compare --fail-on`. */
  failOn: z.string().optional(),
  /** Same as `compare --significant-only`. */
  significantOnly: z.boolean().optional(),
  /** Same text as `run --min`. */
  min: z.string().optional(),
});

export const configSchema = z.strictObject({
  /** An editor's JSON schema reference; ignored. */
  $schema: z.string().optional(),
  gates: gatesConfigSchema.optional(),
});

export type PromptBenchConfig = z.infer<typeof configSchema>;
export type GatesConfig = z.infer<typeof gatesConfigSchema>;
