import * as vscode from "vscode";
import { CommandIds } from "./commandIds";
import { getLog } from "./log";

/** What `prompt-bench.compareRuns` takes: two runs, or a first run against several (prompt variants). */
export interface CompareRunsArgs {
  historyFile: string;
  a: string;
  b: string | string[];
}

/**
 * Opens the comparison in the panel's Compare tab (the `prompt-bench.compareRuns` command). Returns what that
 * command returns (the comparisons), or undefined when this build has no such command: then the log and a message
 * say how to compare from the terminal.
 */
export async function openComparison(args: CompareRunsArgs, silent: boolean): Promise<unknown> {
  const commands = await vscode.commands.getCommands(true);
  if (commands.includes(CommandIds.compareRuns)) return vscode.commands.executeCommand(CommandIds.compareRuns, args);
  const others = Array.isArray(args.b) ? args.b : [args.b];
  const hint = others.map((b) => `prompt-bench compare ${args.a} ${b} --history "${args.historyFile}"`).join("; ");
  getLog().warn(`No Compare tab in this build: compare from a terminal with ${hint}`);
  if (!silent) void vscode.window.showInformationMessage(`The runs are recorded. Compare them from a terminal: ${hint}`);
  return undefined;
}
