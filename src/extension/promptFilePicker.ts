import { basename } from "node:path";
import * as vscode from "vscode";
import { isOutputFile } from "../core/results/paths";
import { readSettings } from "./config";
import { isPromptDocument } from "./promptFiles";

/** Multi-select of the workspace's prompt files (promptBench.promptGlob, plus open prompt documents). Undefined when dismissed. */
export async function pickPromptFiles(): Promise<string[] | undefined> {
  const found = await vscode.workspace.findFiles(readSettings().promptGlob, "**/node_modules/**", 2000);
  const files = new Set(found.map((u) => u.fsPath).filter((f) => !isOutputFile(f)));
  for (const d of vscode.workspace.textDocuments) if (isPromptDocument(d)) files.add(d.uri.fsPath);
  const items = [...files].sort((a, b) => a.localeCompare(b)).map((file) => ({ label: basename(file), description: vscode.workspace.asRelativePath(file), file }));
  const picked = await vscode.window.showQuickPick(items, {
    title: "Prompt Bench: prompt variants to benchmark",
    placeHolder: items.length ? "Pick two or more prompt files (the first one in this list is the baseline, A)" : "No prompt file in this workspace",
    canPickMany: true,
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return picked?.map((i) => i.file);
}
