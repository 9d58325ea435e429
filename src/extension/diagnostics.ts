import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import * as vscode from "vscode";
import { readCsvFile } from "../core/csv/read";
import type { CsvTable } from "../core/csv/table";
import { targetsOf } from "../core/fieldRoles";
import { factColumn, modelsInColumns, predColumn } from "../core/results/columns";
import { readRecordedFields, readRecordedModels } from "../core/results/runMeta";
import type { RowFailure } from "../core/runner/options";

export const DIAGNOSTIC_SOURCE = "Prompt Bench";

/** A failure plus what the code actions need: the results file it came from and the fields left empty. */
export interface DiagnosticFailure extends RowFailure {
  /** Target fields the model left without a prediction in this row. */
  fields?: string[];
  /** Results CSV the failure was read from (for "Show raw output"). */
  resultsFile?: string;
}

/** Key under which `set` stores failures that did not come from a known results file. */
const RUN_KEY = "";

/**
 * One warning per failing row and model, on the input CSV line where the row starts. Failures are kept per
 * results file (two prompts over one CSV each have their own), and the CSV shows all of them.
 */
export class RunDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection("prompt-bench");
  /** csv uri → results file → diagnostics with their failure. */
  private readonly byCsv = new Map<string, { uri: vscode.Uri; sources: Map<string, { diagnostic: vscode.Diagnostic; failure: DiagnosticFailure }[]> }>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires with the CSV's URI after its diagnostics changed. */
  readonly onDidChange = this.changed.event;

  /**
   * Replaces this CSV's diagnostics from `resultsFile` (or, without one, those of the latest run) with
   * `failures`. `csvText` (the file's text) makes each range end exactly at the end of its line.
   */
  set(csvUri: vscode.Uri, failures: readonly DiagnosticFailure[], csvText?: string, resultsFile = RUN_KEY): void {
    const lengths = csvText === undefined ? undefined : csvText.split(/\r\n|\r|\n/).map((l) => l.length);
    const entry = this.byCsv.get(csvUri.toString()) ?? { uri: csvUri, sources: new Map() };
    this.byCsv.set(csvUri.toString(), entry);
    // Failures from a results file supersede the run's own list (they are the same rows, re-read).
    if (resultsFile !== RUN_KEY) entry.sources.delete(RUN_KEY);
    if (failures.length === 0) entry.sources.delete(resultsFile);
    else entry.sources.set(resultsFile, failures.map((f) => ({ diagnostic: toDiagnostic(f, lengths?.[f.line - 1]), failure: f })));
    this.publish(csvUri);
  }

  /**
   * Re-reads a results CSV and its input CSV (`inputCsv`, else the sibling named by `inputCsvFor`) and shows
   * the results' failing rows on the input's lines. A missing results file clears its diagnostics. Returns the
   * input CSV, or undefined when none was found.
   */
  async updateFromResults(resultsFile: string, inputCsv?: string): Promise<string | undefined> {
    const csvFile = inputCsv ?? inputCsvFor(resultsFile);
    if (csvFile === undefined) return undefined;
    const csvUri = vscode.Uri.file(csvFile);
    if (!existsSync(resultsFile)) {
      this.set(csvUri, [], undefined, resultsFile);
      return csvFile;
    }
    const [input, results, csvText] = await Promise.all([readCsvFile(csvFile), readCsvFile(resultsFile), readFile(csvFile, "utf8")]);
    this.set(csvUri, failuresFromResults(results, input, resultsFile), csvText, resultsFile);
    return csvFile;
  }

  /** Clears what came from one results file (deleted), keeping other prompts' diagnostics on the CSV. */
  clearResults(resultsFile: string): void {
    for (const entry of this.byCsv.values()) {
      if (entry.sources.delete(resultsFile)) this.publish(entry.uri);
    }
  }

  get(csvUri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(csvUri) ?? [];
  }

  /** Our failures whose diagnostics touch `range` of the CSV. */
  failuresAt(csvUri: vscode.Uri, range: vscode.Range): { diagnostic: vscode.Diagnostic; failure: DiagnosticFailure }[] {
    const entry = this.byCsv.get(csvUri.toString());
    if (!entry) return [];
    return [...entry.sources.values()].flat().filter((e) => e.diagnostic.range.intersection(range) !== undefined);
  }

  clear(csvUri: vscode.Uri): void {
    this.byCsv.delete(csvUri.toString());
    this.collection.delete(csvUri);
    this.changed.fire(csvUri);
  }

  dispose(): void {
    this.collection.dispose();
    this.changed.dispose();
  }

  private publish(csvUri: vscode.Uri): void {
    const entry = this.byCsv.get(csvUri.toString());
    const all = entry ? [...entry.sources.values()].flat().map((e) => e.diagnostic) : [];
    if (all.length === 0) {
      this.byCsv.delete(csvUri.toString());
      this.collection.delete(csvUri);
    } else {
      this.collection.set(csvUri, all);
    }
    this.changed.fire(csvUri);
  }
}

/**
 * The rows of a results CSV that some model failed (`raw_<model>__valid` is "false"), placed on the line where
 * the same row starts in the input CSV. The results hold the input's rows in the input's order.
 */
export function failuresFromResults(results: CsvTable, input: CsvTable, resultsFile?: string): DiagnosticFailure[] {
  const roles = resultsFile === undefined ? undefined : readRecordedFields(resultsFile);
  const fields = targetsOf(input.columns, roles);
  const failures: DiagnosticFailure[] = [];
  // A row whose inputs differ from the input's (the input was edited since the run) has no line to point at.
  const pairs = (roles?.inputs ?? ["source"]).map((c) => [input.columns.indexOf(c), results.columns.indexOf(c)] as const).filter(([a, b]) => a >= 0 && b >= 0);
  const sameRow = (i: number): boolean => pairs.every(([a, b]) => (results.records[i]?.values[b] ?? "") === (input.records[i]?.values[a] ?? ""));
  // The meta file beside the results says which columns are models' (an input column may be named raw_x).
  for (const model of modelsInColumns(results.columns, resultsFile === undefined ? undefined : readRecordedModels(resultsFile))) {
    const validAt = results.columns.indexOf(factColumn(model, "valid"));
    const errorAt = results.columns.indexOf(factColumn(model, "error"));
    if (validAt < 0) continue;
    results.records.forEach((record, rowIndex) => {
      if ((record.values[validAt] ?? "").trim() !== "false") return;
      const line = input.records[rowIndex]?.line;
      if (line === undefined || !sameRow(rowIndex)) return;
      const empty = fields.filter((f) => {
        const at = results.columns.indexOf(predColumn(model, f));
        return at < 0 || (record.values[at] ?? "") === "";
      });
      failures.push({ rowIndex, line, model, error: errorAt < 0 ? "" : (record.values[errorAt] ?? ""), fields: empty, resultsFile });
    });
  }
  return failures;
}

/**
 * The input CSV of a results file: `<csv>.<prompt>.results.csv` → `<csv>.csv` beside it. Both names may hold
 * dots, so the longest existing candidate wins.
 */
export function inputCsvFor(resultsFile: string): string | undefined {
  const name = basename(resultsFile);
  const stem = name.replace(/\.results\.csv$/i, "");
  if (stem === name) return undefined;
  for (let at = stem.lastIndexOf("."); at > 0; at = stem.lastIndexOf(".", at - 1)) {
    const candidate = join(dirname(resultsFile), `${stem.slice(0, at)}.csv`);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** `RowFailure.line` is 1-based; the diagnostic covers that whole line. */
export function toDiagnostic(failure: DiagnosticFailure, lineLength?: number): vscode.Diagnostic {
  const line = Math.max(0, failure.line - 1);
  const end = lineLength ?? Number.MAX_SAFE_INTEGER;
  const fields = failure.fields && failure.fields.length > 0 ? ` (fields: ${failure.fields.join(", ")})` : "";
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(line, 0, line, end),
    `${failure.model}: ${failure.error || "invalid output"}${fields}`,
    vscode.DiagnosticSeverity.Warning,
  );
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = `row ${failure.rowIndex + 1}`;
  return diagnostic;
}
