import type * as vscode from "vscode";
import type { ResultsMessage } from "../shared/protocol";
import { parseToWebview } from "../shared/protocol";

const LAST_RUN_KEY = "promptBench.lastRun";

/** The latest run's results message (failures capped), kept in workspace state so the panel can be reopened. */
export class LastRunStore {
  constructor(private readonly state: vscode.Memento) {}

  get(): ResultsMessage | undefined {
    const stored = this.state.get<unknown>(LAST_RUN_KEY);
    if (stored === undefined) return undefined;
    const parsed = parseToWebview(stored);
    return parsed.ok && parsed.message.type === "results" ? parsed.message : undefined;
  }

  async set(results: ResultsMessage): Promise<void> {
    await this.state.update(LAST_RUN_KEY, results);
  }
}
