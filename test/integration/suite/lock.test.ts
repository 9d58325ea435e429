// A run on a results file another run is writing is refused in the real host; the error offers to open the running
// results, and choosing it opens the panel on what that run has saved.
import * as assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import { lockFileFor } from "../../../src/core/results/resultsLock";
import { CommandIds } from "../../../src/extension/commandIds";
import type { PromptBenchApi } from "../../../src/extension/extension";
import { EXTENSION_ID, runLettersBenchmark, workspaceDir } from "../helpers";

type ShowErrorMessage = typeof vscode.window.showErrorMessage;

suite("Results lock", () => {
  const config = () => vscode.workspace.getConfiguration("promptBench");
  let api: PromptBenchApi;
  let original: ShowErrorMessage;

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<PromptBenchApi>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    const modelPath = process.env.PROMPT_BENCH_TEST_MODEL ?? "";
    assert.ok(modelPath && existsSync(modelPath), "PROMPT_BENCH_TEST_MODEL must point at the generated test GGUF");
    await config().update("models", [{ name: "tiny", path: modelPath }], vscode.ConfigurationTarget.Global);
    await config().update("threads", 1, vscode.ConfigurationTarget.Global);
    await config().update("maxNewTokens", 16, vscode.ConfigurationTarget.Global);
    original = vscode.window.showErrorMessage;
  });

  suiteTeardown(async () => {
    (vscode.window as { showErrorMessage: ShowErrorMessage }).showErrorMessage = original;
    for (const key of ["models", "threads", "maxNewTokens"]) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  test("a second run is refused naming the first, and 'Open running results' shows its saved rows", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-it-lock-"));
    const first = await runLettersBenchmark(dir, "tiny");
    assert.ok(first && existsSync(first.outputFile), "the first run wrote its results");
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    const before = readFileSync(first.outputFile, "utf8");

    // A run on another machine holds the lock: it is never judged stale, so the refusal is certain.
    const lockFile = lockFileFor(first.outputFile);
    const holder = { pid: 4242, host: "gpu-box-7", startedAt: "2026-12-06T08:00:00.000Z", command: "prompt-bench run --models big", models: ["big"] };
    writeFileSync(lockFile, JSON.stringify(holder));

    let shown: { message: string; items: string[] } | undefined;
    const chosen = new Promise<void>((resolve) => {
      (vscode.window as { showErrorMessage: unknown }).showErrorMessage = (message: string, ...items: string[]) => {
        shown = { message, items };
        resolve();
        return Promise.resolve("Open running results");
      };
    });
    const opened = new Promise<void>((resolve) => {
      const sub = api.resultsPanel.onDidRender(() => {
        sub.dispose();
        resolve();
      });
    });
    const result = await vscode.commands.executeCommand(CommandIds.benchmarkPrompt, vscode.Uri.file(join(workspaceDir(), "extract.prompt.txt")), {
      csvFile: join(dir, "letters.csv"),
      models: ["tiny"],
    });
    assert.equal(result, undefined, "the refused run returns nothing");
    await chosen;
    assert.ok(shown);
    assert.match(shown.message, /is being written by another Prompt Bench run: process 4242 on host gpu-box-7/);
    assert.match(shown.message, /prompt-bench run --models big/);
    assert.ok(shown.message.includes(lockFile), "the message names the lock file");
    assert.ok(shown.items.includes("Open running results"), `offered: ${shown.items.join(", ")}`);

    await opened;
    assert.ok(api.resultsPanel.isOpen(), "choosing it opened the results panel");
    const dom = await api.resultsPanel.domSummary();
    assert.ok(JSON.stringify(dom).includes("tiny"), "the panel shows the running results' model");
    assert.equal(readFileSync(first.outputFile, "utf8"), before, "the refused run wrote nothing");
    assert.ok(existsSync(lockFile), "the other run's lock is left alone");
  });
});
