// The model picker in the real host says for each model whether it fits this machine: node-llama-cpp's estimate for
// a file that is present (the generated test model), the file-size estimate for a registry model not downloaded.
import * as assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import { CommandIds } from "../../../src/extension/commandIds";
import type { PromptBenchApi } from "../../../src/extension/extension";
import { EXTENSION_ID, workspaceDir } from "../helpers";

type ShowQuickPick = typeof vscode.window.showQuickPick;

suite("Model picker", () => {
  const config = () => vscode.workspace.getConfiguration("promptBench");
  let original: ShowQuickPick;

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<PromptBenchApi>(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    const modelPath = process.env.PROMPT_BENCH_TEST_MODEL ?? "";
    assert.ok(modelPath && existsSync(modelPath), "PROMPT_BENCH_TEST_MODEL must point at the generated test GGUF");
    await config().update("models", [{ name: "tiny", path: modelPath }], vscode.ConfigurationTarget.Global);
    // An empty models folder: no registry model is present, so they get the file-size estimate.
    await config().update("modelsDir", mkdtempSync(join(tmpdir(), "pb-picker-models-")), vscode.ConfigurationTarget.Global);
    original = vscode.window.showQuickPick;
  });

  suiteTeardown(async () => {
    (vscode.window as { showQuickPick: ShowQuickPick }).showQuickPick = original;
    for (const key of ["models", "modelsDir"]) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
  });

  test("each model's detail says whether it fits: precise for a present file, an estimate otherwise", async () => {
    let seen: vscode.QuickPickItem[] | undefined;
    // Record the items the picker offers and dismiss it (the run then does not start).
    (vscode.window as { showQuickPick: unknown }).showQuickPick = async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) => {
      seen = [...(await items)];
      return undefined;
    };
    const result = await vscode.commands.executeCommand(CommandIds.benchmarkPrompt, vscode.Uri.file(join(workspaceDir(), "extract.prompt.txt")), {
      csvFile: join(workspaceDir(), "letters.csv"),
    });
    assert.equal(result, undefined, "dismissing the picker starts nothing");
    assert.ok(seen, "the model picker was shown");
    const detail = (name: string) => seen?.find((i) => i.label === name)?.detail ?? "";
    assert.match(detail("tiny"), /^\$\(pass\) (CPU only: needs [\d.]+ MB RAM, |fits on the GPU \()/);
    assert.match(detail("qwen2.5-72b"), /^\$\((pass|warning)\) estimate from the file size: needs ~56\.9 GB.* · hf:bartowski\//);
  });
});
