import * as vscode from "vscode";
import { readCsvFile } from "../core/csv/read";
import { metricsPathFor } from "../core/results/paths";
import { rawColumn } from "../core/results/columns";
import { CommandIds } from "./commandIds";
import type { RunDiagnostics } from "./diagnostics";

/** Read-only virtual documents holding one model's raw output for one row of a results CSV. */
export const RAW_SCHEME = "prompt-bench-raw";

export interface RawOutputRef {
  resultsFile: string;
  /** 0-based data row. */
  row: number;
  model: string;
}

export function rawOutputUri(ref: RawOutputRef): vscode.Uri {
  return vscode.Uri.from({
    scheme: RAW_SCHEME,
    path: `/${ref.model} row ${ref.row + 1}.txt`,
    query: JSON.stringify(ref),
  });
}

function parseRef(uri: vscode.Uri): RawOutputRef | undefined {
  try {
    const ref = JSON.parse(uri.query) as Partial<RawOutputRef>;
    if (typeof ref.resultsFile === "string" && typeof ref.row === "number" && typeof ref.model === "string") return ref as RawOutputRef;
  } catch {
    // fall through
  }
  return undefined;
}

/** Re-reads the results CSV each time, so a document opened after a rerun shows the new output. */
export class RawOutputProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseRef(uri);
    if (!ref) return "Prompt Bench: this raw-output link is malformed.";
    try {
      const table = await readCsvFile(ref.resultsFile);
      const at = table.columns.indexOf(rawColumn(ref.model));
      if (at < 0) return `Prompt Bench: ${ref.resultsFile} has no column ${rawColumn(ref.model)}.`;
      const record = table.records[ref.row];
      if (!record) return `Prompt Bench: ${ref.resultsFile} has no row ${ref.row + 1}.`;
      return record.values[at] ?? "";
    } catch (error) {
      return `Prompt Bench: cannot read ${ref.resultsFile}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}

/** `prompt-bench.showRawOutput`: opens a row's raw output (read-only) beside the CSV. */
export async function showRawOutput(ref: RawOutputRef): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(rawOutputUri(ref));
  return vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}

/** Argument of `prompt-bench.openResults` from a diagnostic: the row to focus and the run's files. */
export interface OpenRowArgs {
  /** 0-based data row. */
  row: number;
  model: string;
  metricsFile?: string;
  resultsFile?: string;
}

/** "Show raw output" and "Open row in results panel" on Prompt Bench's diagnostics. */
export class FailureCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: RunDiagnostics) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const rowsOffered = new Set<string>();
    for (const { diagnostic, failure } of this.diagnostics.failuresAt(document.uri, range)) {
      if (failure.resultsFile) {
        const raw = new vscode.CodeAction(`Show raw output of ${failure.model} (row ${failure.rowIndex + 1})`, vscode.CodeActionKind.QuickFix);
        raw.diagnostics = [diagnostic];
        raw.command = {
          title: raw.title,
          command: CommandIds.showRawOutput,
          arguments: [{ resultsFile: failure.resultsFile, row: failure.rowIndex, model: failure.model } satisfies RawOutputRef],
        };
        actions.push(raw);
      }
      const key = `${failure.resultsFile ?? ""}#${failure.rowIndex}`;
      if (rowsOffered.has(key)) continue;
      rowsOffered.add(key);
      const open = new vscode.CodeAction(`Open row ${failure.rowIndex + 1} in results panel`, vscode.CodeActionKind.QuickFix);
      open.diagnostics = [diagnostic];
      const args: OpenRowArgs = {
        row: failure.rowIndex,
        model: failure.model,
        resultsFile: failure.resultsFile,
        metricsFile: failure.resultsFile ? metricsPathFor(failure.resultsFile) : undefined,
      };
      open.command = { title: open.title, command: CommandIds.openResults, arguments: [args] };
      actions.push(open);
    }
    return actions;
  }
}

export function registerCodeActions(diagnostics: RunDiagnostics): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(RAW_SCHEME, new RawOutputProvider()),
    vscode.languages.registerCodeActionsProvider({ scheme: "file", pattern: "**/*.csv" }, new FailureCodeActions(diagnostics), {
      providedCodeActionKinds: FailureCodeActions.kinds,
    }),
    vscode.commands.registerCommand(CommandIds.showRawOutput, (ref: RawOutputRef) => showRawOutput(ref)),
  );
}
