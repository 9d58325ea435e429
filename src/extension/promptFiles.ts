import * as vscode from "vscode";
import { isOutputFile } from "../core/results/paths";
import { readSettings } from "./config";

export const PLACEHOLDER = "{source}";

/**
 * A prompt file is a file on disk that matches `promptBench.promptGlob` (default `**\/*.prompt.{txt,md}`), or any
 * `.txt` file whose text contains `{source}`.
 */
export function isPromptDocument(document: vscode.TextDocument): boolean {
  if (document.uri.scheme !== "file") return false;
  if (isOutputFile(document.uri.path)) return false;
  const glob = readSettings(document.uri).promptGlob;
  if (vscode.languages.match({ pattern: glob }, document) > 0) return true;
  return document.uri.path.toLowerCase().endsWith(".txt") && document.getText().includes(PLACEHOLDER);
}
