import * as vscode from "vscode";
import { CommandIds } from "./commandIds";
import { CONFIG_SECTION } from "./config";
import { isPromptDocument } from "./promptFiles";

export const BENCHMARK_LENS_TITLE = "▶ Benchmark this prompt";

/** "▶ Benchmark this prompt" above the first line of every prompt file. */
export class BenchmarkCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(CONFIG_SECTION)) this.changed.fire();
      }),
      // A .txt becomes (or stops being) a prompt file as `{source}` is typed or deleted.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.changed.fire();
      }),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isPromptDocument(document)) return [];
    return [
      new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
        title: BENCHMARK_LENS_TITLE,
        tooltip: "Run this prompt over a CSV with local models (Prompt Bench)",
        command: CommandIds.benchmarkPrompt,
        arguments: [document.uri],
      }),
    ];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

export function registerCodeLens(): vscode.Disposable {
  const provider = new BenchmarkCodeLensProvider();
  const registration = vscode.languages.registerCodeLensProvider({ scheme: "file" }, provider);
  return vscode.Disposable.from(registration, provider);
}
