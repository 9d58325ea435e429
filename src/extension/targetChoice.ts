import { basename } from "node:path";
import * as vscode from "vscode";
import { streamCsvFile } from "../core/csv/stream";
import { UserError } from "../core/errors/userError";
import { targetFields } from "../core/fields";
import { isOutputFile } from "../core/results/paths";
import { getLog } from "./log";
import { pickCsv } from "./pickers";

const TARGET_CHOICES_KEY = "promptBench.targetChoices";

/** Where a remembered choice came from, for the run's messages when it no longer fits the CSV. */
export const REMEMBERED_TARGETS = "The target columns chosen for this CSV (Prompt Bench: Choose target columns…)";

/** The target columns chosen for `csvFile`, or undefined: the run auto-detects them. */
export function rememberedTargets(state: vscode.Memento, csvFile: string): string[] | undefined {
  const list = state.get<Record<string, string[]>>(TARGET_CHOICES_KEY, {})[csvFile];
  return Array.isArray(list) && list.length > 0 ? list : undefined;
}

async function rememberTargets(state: vscode.Memento, csvFile: string, targets: readonly string[]): Promise<void> {
  const choices = { ...state.get<Record<string, string[]>>(TARGET_CHOICES_KEY, {}) };
  if (targets.length === 0) delete choices[csvFile];
  else choices[csvFile] = [...targets];
  await state.update(TARGET_CHOICES_KEY, choices);
}

/** For tests and keybindings: `targets` skips the quick pick ([] = back to auto-detection). */
export interface ChooseTargetsOptions {
  targets?: string[];
}

/**
 * `prompt-bench.chooseTargets`: a multi-select quick pick of the CSV's columns (the CSV from the explorer, the
 * active editor, or a picker); the choice is remembered per CSV and used by "Benchmark this prompt". Picking
 * nothing goes back to auto-detection. Returns the remembered list ([] for auto), undefined when dismissed.
 */
export async function chooseTargetsCommand(state: vscode.Memento, uri?: unknown, options: ChooseTargetsOptions = {}): Promise<string[] | undefined> {
  const csvFile = await csvOf(state, uri);
  if (csvFile === undefined) return undefined;
  const header = await streamCsvFile(csvFile, { header: () => undefined, record: () => undefined });
  const columns = header.columns.filter((c) => !c.startsWith("pred_") && !c.startsWith("raw_"));
  let chosen = options.targets;
  if (chosen === undefined) {
    const current = new Set(rememberedTargets(state, csvFile) ?? targetFields(header.columns));
    const picked = await vscode.window.showQuickPick(
      columns.map((c) => ({ label: c, picked: current.has(c) })),
      { title: `Prompt Bench: target columns of ${basename(csvFile)}`, placeHolder: "The columns the model must produce (none: auto-detect)", canPickMany: true, ignoreFocusOut: true },
    );
    if (picked === undefined) return undefined;
    chosen = picked.map((p) => p.label);
  }
  const unknown = chosen.filter((c) => !columns.includes(c));
  if (unknown.length > 0) throw new UserError(`${csvFile} has no column ${unknown.map((c) => JSON.stringify(c)).join(", ")}. Columns: ${columns.join(", ")}.`, csvFile);
  await rememberTargets(state, csvFile, chosen);
  getLog().info(chosen.length ? `Target columns of ${csvFile}: ${chosen.join(", ")}.` : `Target columns of ${csvFile}: auto-detected.`);
  return chosen;
}

async function csvOf(state: vscode.Memento, uri: unknown): Promise<string | undefined> {
  if (uri instanceof vscode.Uri) return uri.fsPath;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === "file" && active.fsPath.toLowerCase().endsWith(".csv") && !isOutputFile(active.fsPath)) return active.fsPath;
  return pickCsv(state, active?.fsPath ?? "");
}
