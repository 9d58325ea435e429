import { join } from "node:path";

/** `.prompt-bench/history.sqlite` in `folder` (the CLI: the results file's folder; VS Code: the workspace folder). */
export function defaultHistoryFile(folder: string): string {
  return join(folder, ".prompt-bench", "history.sqlite");
}
