/** Command ids; must match `contributes.commands` in package.json. */
export const CommandIds = {
  benchmarkPrompt: "prompt-bench.benchmarkPrompt",
  openResults: "prompt-bench.openResults",
  showLog: "prompt-bench.showLog",
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

/** Context key set from the active editor; the benchmark command's menus use it in `when`. */
export const IS_PROMPT_FILE_CONTEXT = "promptBench.isPromptFile";
