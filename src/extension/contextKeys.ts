import * as vscode from "vscode";
import { IS_PROMPT_FILE_CONTEXT } from "./commandIds";
import { CONFIG_SECTION } from "./config";
import { isPromptDocument } from "./promptFiles";

/** Keeps `promptBench.isPromptFile` in step with the active editor (menus use it in `when`). */
export function trackPromptFileContext(): vscode.Disposable {
  let last: boolean | undefined;
  const update = (): void => {
    const editor = vscode.window.activeTextEditor;
    const value = editor !== undefined && isPromptDocument(editor.document);
    if (value === last) return;
    last = value;
    void vscode.commands.executeCommand("setContext", IS_PROMPT_FILE_CONTEXT, value);
  };
  update();
  return vscode.Disposable.from(
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === vscode.window.activeTextEditor?.document) update();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(CONFIG_SECTION)) update();
    }),
  );
}
