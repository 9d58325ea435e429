// "Choose target columns…" in the real host: the quick pick offers the CSV's columns, the choice is remembered
// for that CSV, and "Benchmark this prompt" then scores only those targets of a {question}/{context} template.
import * as assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as vscode from "vscode";
import type { RunSummary } from "../../../src/core/runner/options";
import { CommandIds } from "../../../src/extension/commandIds";
import type { PromptBenchApi } from "../../../src/extension/extension";
import { EXTENSION_ID } from "../helpers";

type ShowQuickPick = typeof vscode.window.showQuickPick;
const FIXTURES = resolve(__dirname, "../../../../test/fixtures");

suite("Target choice", () => {
  const config = () => vscode.workspace.getConfiguration("promptBench");
  let original: ShowQuickPick;

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<PromptBenchApi>(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    const modelPath = process.env.PROMPT_BENCH_TEST_MODEL ?? "";
    assert.ok(modelPath && existsSync(modelPath), "PROMPT_BENCH_TEST_MODEL must point at the generated test GGUF");
    await config().update("models", [{ name: "tiny", path: modelPath }], vscode.ConfigurationTarget.Global);
    await config().update("threads", 1, vscode.ConfigurationTarget.Global);
    await config().update("maxNewTokens", 16, vscode.ConfigurationTarget.Global);
    original = vscode.window.showQuickPick;
  });

  suiteTeardown(async () => {
    (vscode.window as { showQuickPick: ShowQuickPick }).showQuickPick = original;
    for (const key of ["models", "threads", "maxNewTokens"]) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  test("the chosen targets are remembered per CSV and the benchmark scores only them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-it-targets-"));
    const prompt = join(dir, "qa.prompt.txt");
    copyFileSync(join(FIXTURES, "template/qa.prompt.txt"), prompt);
    const csvFile = join(dir, "qa.csv");
    // `id` would be a target by auto-detection; the choice leaves it out.
    writeFileSync(csvFile, "id,question,context,answer\n1,Where does Anna live?,Anna lives in Berlin.,Berlin\n2,Who lives in Munich?,Herr Müller lives in Munich.,Herr Müller\n");

    let seen: vscode.QuickPickItem[] | undefined;
    (vscode.window as { showQuickPick: unknown }).showQuickPick = async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) => {
      seen = [...(await items)];
      return seen.filter((i) => i.label === "answer");
    };
    const chosen = await vscode.commands.executeCommand<string[] | undefined>(CommandIds.chooseTargets, vscode.Uri.file(csvFile));
    (vscode.window as { showQuickPick: ShowQuickPick }).showQuickPick = original;
    assert.deepEqual(chosen, ["answer"]);
    assert.deepEqual(seen?.map((i) => i.label), ["id", "question", "context", "answer"], "every column is offered");
    assert.deepEqual(seen?.filter((i) => i.picked).map((i) => i.label), ["id", "question", "context", "answer"], "first time: the auto-detected ones are ticked");

    const summary = await vscode.commands.executeCommand<RunSummary | undefined>(CommandIds.benchmarkPrompt, vscode.Uri.file(prompt), { csvFile, models: ["tiny"], silent: true });
    assert.ok(summary && existsSync(summary.outputFile), "the run wrote its results");
    const header = readFileSync(summary.outputFile, "utf8").split(/\r?\n/)[0] ?? "";
    assert.deepEqual(header.split(",").filter((c) => c.startsWith("pred_")), ["pred_tiny_answer"]);
    assert.deepEqual([...new Set(summary.metrics.map((m) => m.field))], ["answer"]);
    const meta = JSON.parse(readFileSync(`${summary.outputFile}.meta.json`, "utf8")) as { fields: unknown };
    assert.deepEqual(meta.fields, { inputs: ["context", "question"], targets: ["answer"] });
  });
});
