/** Command ids; must match `contributes.commands` in package.json. */
export const CommandIds = {
  benchmarkPrompt: "prompt-bench.benchmarkPrompt",
  openResults: "prompt-bench.openResults",
  showLog: "prompt-bench.showLog",
  cancelRun: "prompt-bench.cancelRun",
  showRawOutput: "prompt-bench.showRawOutput",
  exportPlots: "prompt-bench.exportPlots",
  setHuggingFaceToken: "prompt-bench.setHuggingFaceToken",
  setApiKey: "prompt-bench.setApiKey",
  /** The panel's Compare tab: `{ historyFile?, a, b }` (run ids, prefixes, `latest`); returns the Comparison[]. */
  compareRuns: "prompt-bench.compareRuns",
  showHistory: "prompt-bench.showHistory",
  compareWithLastRun: "prompt-bench.compareWithLastRun",
  benchmarkVariants: "prompt-bench.benchmarkVariants",
  chooseTargets: "prompt-bench.chooseTargets",
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

/** Context key set from the active editor; the benchmark command's menus use it in `when`. */
export const IS_PROMPT_FILE_CONTEXT = "promptBench.isPromptFile";

/** Context key true while a benchmark runs; the cancel command's menus use it in `when`. */
export const IS_RUNNING_CONTEXT = "promptBench.running";
