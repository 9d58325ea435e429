import * as vscode from "vscode";
import type { RowFailure } from "../core/runner/options";

export const DIAGNOSTIC_SOURCE = "Prompt Bench";

/** One warning per failing row and model, on the input CSV line where the row starts. */
export class RunDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection("prompt-bench");

  /**
   * Replaces this CSV's diagnostics with the failures of the latest run over it. `csvText` (the file's text)
   * makes each range end exactly at the end of its line; without it the editor clamps the range.
   */
  set(csvUri: vscode.Uri, failures: readonly RowFailure[], csvText?: string): void {
    const lengths = csvText === undefined ? undefined : csvText.split(/\r\n|\r|\n/).map((l) => l.length);
    this.collection.set(
      csvUri,
      failures.map((f) => toDiagnostic(f, lengths?.[f.line - 1])),
    );
  }

  get(csvUri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(csvUri) ?? [];
  }

  clear(csvUri: vscode.Uri): void {
    this.collection.delete(csvUri);
  }

  dispose(): void {
    this.collection.dispose();
  }
}

/** `RowFailure.line` is 1-based; the diagnostic covers that whole line. */
export function toDiagnostic(failure: RowFailure, lineLength?: number): vscode.Diagnostic {
  const line = Math.max(0, failure.line - 1);
  const end = lineLength ?? Number.MAX_SAFE_INTEGER;
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(line, 0, line, end),
    `${failure.model}: ${failure.error}`,
    vscode.DiagnosticSeverity.Warning,
  );
  diagnostic.source = DIAGNOSTIC_SOURCE;
  return diagnostic;
}
