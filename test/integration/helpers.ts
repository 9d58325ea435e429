import * as assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import * as vscode from "vscode";
import type { RunSummary } from "../../src/core/runner/options";
import { CommandIds } from "../../src/extension/commandIds";
import type { DomSummary } from "../../src/shared/protocol";

export const EXTENSION_ID = "prompt-bench.prompt-bench";

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "the tests need the fixture workspace (test/fixtures/workspace) open");
  return folder.uri.fsPath;
}

/** 1-based line on which each data record of a CSV starts (independent of the extension's own CSV reader). */
export function recordStartLines(csvText: string): number[] {
  const records = parse(csvText, { info: true }) as unknown as { info: { lines: number } }[];
  const starts: number[] = [];
  for (let i = 1; i < records.length; i++) starts.push((records[i - 1]?.info.lines ?? 0) + 1);
  return starts;
}

/**
 * Runs "Benchmark this prompt" on the fixture workspace's letters.csv copied into `dir` (so results land there), with
 * the fixture's extract prompt and one model, without notifications.
 */
export function runLettersBenchmark(dir: string, model: string): Thenable<RunSummary | undefined> {
  const csvFile = join(dir, "letters.csv");
  copyFileSync(join(workspaceDir(), "letters.csv"), csvFile);
  return vscode.commands.executeCommand<RunSummary | undefined>(CommandIds.benchmarkPrompt, vscode.Uri.file(join(workspaceDir(), "extract.prompt.txt")), {
    csvFile,
    models: [model],
    silent: true,
  });
}

/** The webview rendered untrusted text as text: no payload ran, no active element exists, no CSP violation. */
export function assertNothingExecuted(s: DomSummary, where: string): void {
  assert.equal(s.xssFlag, false, `${where}: a payload executed`);
  assert.equal(s.scriptCount, 0, `${where}: <script> elements inside the app`);
  assert.equal(s.imgCount, 0, `${where}: <img> elements inside the app`);
  assert.equal(s.iframeCount, 0, `${where}: iframe/object/embed inside the app`);
  assert.equal(s.anchorsWithHref, 0, `${where}: <a href> inside the app`);
  assert.equal(s.elementsWithOnAttributes, 0, `${where}: elements with on* attributes inside the app`);
  assert.deepEqual(s.cspViolations, [], `${where}: CSP violations`);
}
