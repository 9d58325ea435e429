import type { Comparison } from "../core/compare/comparison";
import { UserError } from "../core/errors/userError";
import { compareMessage } from "../shared/compareProtocol";
import { ResultsPanel } from "./resultsPanel";
import type { Services } from "./services";

/** What `prompt-bench.compareRuns` takes: run ids, id prefixes or `latest`; several `b` compare each with `a`. */
export interface CompareRunsArgs {
  historyFile?: string;
  a: string;
  b: string | string[];
}

function parseArgs(arg: unknown): CompareRunsArgs | undefined {
  if (arg === undefined) return undefined;
  const { historyFile, a, b } = (typeof arg === "object" && arg !== null ? arg : {}) as Record<string, unknown>;
  const isId = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";
  const bs = Array.isArray(b) ? b : [b];
  if (!isId(a) || bs.length === 0 || !bs.every(isId) || (historyFile !== undefined && typeof historyFile !== "string")) {
    throw new UserError(
      `prompt-bench.compareRuns takes { historyFile?: string; a: string; b: string | string[] } (run ids, id prefixes or "latest"); got ${JSON.stringify(arg)}.`,
    );
  }
  const ids = (bs as string[]).map((x) => x.trim());
  return { historyFile: historyFile || undefined, a: a.trim(), b: Array.isArray(b) ? ids : ids[0]! };
}

/**
 * `prompt-bench.compareRuns`: compares run `a` with each `b` of the history file (the argument, else the
 * panel's: promptBench.historyFile) and opens the panel's Compare tab with them. Returns the comparisons (whole,
 * with every changed row; the panel gets the worst MAX_CHANGED_ROWS per model). Without arguments it opens the
 * History tab, where two runs can be picked.
 */
export async function compareRunsCommand(services: Services, arg: unknown): Promise<Comparison[] | undefined> {
  const args = parseArgs(arg);
  const panel = ResultsPanel.createOrShow(services.context.extensionUri);
  if (!args) {
    panel.showTab("history");
    return undefined;
  }
  panel.useHistoryFile(args.historyFile);
  const file = panel.historyFile;
  if (!file) throw new UserError('No run history to compare: promptBench.historyFile is "off", or no folder is open. Set promptBench.historyFile or pass historyFile.');
  const comparer = ResultsPanel.comparer;
  if (!comparer) throw new Error("no run comparer is registered");
  let comparisons: Comparison[];
  try {
    comparisons = await comparer(file, args.a, Array.isArray(args.b) ? args.b : [args.b]);
  } catch (error) {
    // The Compare tab says why as well; the caller (a script, the A/B commands) gets the error.
    panel.showComparisons(compareMessage([], error instanceof Error ? error.message : String(error)), file);
    throw error;
  }
  panel.showComparisons(compareMessage(comparisons), file);
  return comparisons;
}

/** `prompt-bench.showHistory`: the panel's History tab. */
export function showHistoryCommand(services: Services, arg: unknown): void {
  const historyFile = typeof arg === "object" && arg !== null && typeof (arg as { historyFile?: unknown }).historyFile === "string" ? (arg as { historyFile: string }).historyFile : undefined;
  const panel = ResultsPanel.createOrShow(services.context.extensionUri);
  panel.useHistoryFile(historyFile);
  panel.showTab("history");
}
