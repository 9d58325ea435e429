// A benchmark run in the real extension host (Electron's Node) is recorded in the SQLite history named by
// promptBench.historyFile: the WebAssembly SQLite loads there, and the record holds the run's rows.
import * as assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import type { PromptBenchApi } from "../../../src/extension/extension";
import { SqliteHistory } from "../../../src/storage/sqlite/sqliteHistory";
import { EXTENSION_ID, runLettersBenchmark } from "../helpers";

suite("Run history", () => {
  const config = () => vscode.workspace.getConfiguration("promptBench");

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<PromptBenchApi>(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    const modelPath = process.env.PROMPT_BENCH_TEST_MODEL ?? "";
    assert.ok(modelPath && existsSync(modelPath), "PROMPT_BENCH_TEST_MODEL must point at the generated test GGUF");
    await config().update("models", [{ name: "tiny", path: modelPath }], vscode.ConfigurationTarget.Global);
    await config().update("threads", 1, vscode.ConfigurationTarget.Global);
    await config().update("maxNewTokens", 16, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    for (const key of ["models", "threads", "maxNewTokens", "historyFile"]) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  test("a VS Code run is recorded with its rows in promptBench.historyFile", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-it-history-"));
    const file = join(dir, "runs", "history.sqlite");
    await config().update("historyFile", file, vscode.ConfigurationTarget.Global);
    const summary = await runLettersBenchmark(dir, "tiny");
    assert.ok(summary && existsSync(summary.outputFile), "the run wrote its results");
    assert.ok(existsSync(file), `the history ${file} was written`);
    const store = new SqliteHistory(file);
    const runs = await store.list();
    assert.equal(runs.length, 1);
    const run = await store.get(runs[0]!.id);
    assert.ok(run);
    assert.equal(run.status, "completed");
    assert.equal(run.params.runBy, "vscode");
    assert.equal(run.resultsFile, summary.outputFile);
    assert.deepEqual(run.models.map((m) => m.name), ["tiny"]);
    assert.equal(run.rows.length, run.dataset.rows, "every row of the run is recorded");
    assert.ok(run.rows.length > 0);
    assert.deepEqual(run.metrics.map((m) => m.field), summary.metrics.map((m) => m.field));
  });
});
