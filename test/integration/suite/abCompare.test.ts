// Prompt A/B in the real extension host with the tiny test model: "Compare with last run" runs the edited prompt on
// the previous run's dataset and models and hands both run ids to prompt-bench.compareRuns; "Benchmark prompt
// variants…" runs several prompt files into their own results files, each recorded in the history.
import * as assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import * as vscode from "vscode";
import type { BenchmarkResult } from "../../../src/extension/benchmarkCommand";
import { COMPARE_LENS_TITLE } from "../../../src/extension/codeLens";
import { CommandIds } from "../../../src/extension/commandIds";
import type { CompareWithLastRunResult } from "../../../src/extension/compareWithLastRun";
import type { PromptBenchApi } from "../../../src/extension/extension";
import type { VariantsResult } from "../../../src/extension/variantsCommand";
import { SqliteHistory } from "../../../src/storage/sqlite/sqliteHistory";
import { EXTENSION_ID, workspaceDir } from "../helpers";

suite("Prompt A/B", () => {
  const config = () => vscode.workspace.getConfiguration("promptBench");
  let dir: string;
  let historyFile: string;
  /** Arguments prompt-bench.compareRuns was called with, when this build has no Compare tab (see below). */
  const compareCalls: unknown[] = [];
  let stub: vscode.Disposable | undefined;

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<PromptBenchApi>(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    const modelPath = process.env.PROMPT_BENCH_TEST_MODEL ?? "";
    assert.ok(modelPath && existsSync(modelPath), "PROMPT_BENCH_TEST_MODEL must point at the generated test GGUF");
    dir = mkdtempSync(join(tmpdir(), "pb-it-ab-"));
    historyFile = join(dir, "history.sqlite");
    await config().update("models", [{ name: "tiny", path: modelPath }], vscode.ConfigurationTarget.Global);
    await config().update("threads", 1, vscode.ConfigurationTarget.Global);
    await config().update("maxNewTokens", 16, vscode.ConfigurationTarget.Global);
    await config().update("historyFile", historyFile, vscode.ConfigurationTarget.Global);
    copyFileSync(join(workspaceDir(), "letters.csv"), join(dir, "letters.csv"));
    // The Compare tab's command comes from the panel's branch; where it is missing, record the calls instead.
    if (!(await vscode.commands.getCommands(true)).includes(CommandIds.compareRuns)) {
      stub = vscode.commands.registerCommand(CommandIds.compareRuns, (args: unknown) => {
        compareCalls.push(args);
        return [];
      });
    }
  });

  suiteTeardown(async () => {
    stub?.dispose();
    for (const key of ["models", "threads", "maxNewTokens", "historyFile"]) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  const compareLenses = async (uri: vscode.Uri) =>
    ((await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", uri)) ?? []).filter((l) => l.command?.command === CommandIds.compareWithLastRun);

  test("Compare with last run runs the edited prompt on the last run's dataset and models, and compares the two runs", async () => {
    const promptFile = join(dir, "extract.prompt.txt");
    copyFileSync(join(workspaceDir(), "extract.prompt.txt"), promptFile);
    const oldText = readFileSync(promptFile, "utf8");
    const uri = vscode.Uri.file(promptFile);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    assert.equal((await compareLenses(uri)).length, 0, "no Compare lens before the prompt's first run");
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand(CommandIds.compareWithLastRun, uri, { silent: true })),
      /has no earlier run in the history/,
    );

    const first = await vscode.commands.executeCommand<BenchmarkResult | undefined>(CommandIds.benchmarkPrompt, uri, { csvFile: join(dir, "letters.csv"), models: ["tiny"], silent: true });
    assert.ok(first?.runId, "the first run is recorded");
    let lenses = await compareLenses(uri);
    while (lenses.length === 0) {
      await sleep(200); // the lens refreshes once the history has the run (the test's timeout guards a hang)
      lenses = await compareLenses(uri);
    }
    assert.equal(lenses[0]?.command?.title, COMPARE_LENS_TITLE);
    const firstResults = readFileSync(first.outputFile, "utf8");

    const newText = oldText.replace("Extract the patient's name", "Read the letter and extract the patient's full name");
    assert.notEqual(newText, oldText);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), newText));
    assert.ok(editor.document.isDirty, "left unsaved: the command saves it first");

    const result = await vscode.commands.executeCommand<CompareWithLastRunResult | undefined>(CommandIds.compareWithLastRun, uri, { silent: true });
    assert.ok(result?.newRunId);
    assert.equal(result.previousRunId, first.runId);
    assert.notEqual(result.newRunId, first.runId);
    assert.equal(result.promptUnchanged, false);
    assert.equal(readFileSync(promptFile, "utf8"), newText, "the edit was saved before the run");

    const history = new SqliteHistory(historyFile);
    const runs = (await history.list()).filter((r) => r.promptFile === promptFile);
    assert.deepEqual(runs.map((r) => r.id), [result.newRunId, first.runId], "two runs of this prompt, newest first");
    const a = await history.get(first.runId);
    const b = await history.get(result.newRunId);
    assert.ok(a && b);
    assert.equal(a.prompt.text, oldText);
    assert.equal(b.prompt.text, newText, "the second run used the edited prompt");
    assert.equal(b.dataset.file, a.dataset.file);
    assert.equal(b.dataset.sha256, a.dataset.sha256);
    assert.deepEqual(b.models.map((m) => m.name), a.models.map((m) => m.name));
    assert.equal(b.params.maxNewTokens, a.params.maxNewTokens);
    assert.equal(b.rows.length, b.dataset.rows, "every row ran again with the new prompt");
    assert.notEqual(b.resultsFile, a.resultsFile, "B has its own results file");
    assert.equal(readFileSync(a.resultsFile, "utf8"), firstResults, "A's results file is untouched");

    const expected = { historyFile, a: first.runId, b: result.newRunId };
    assert.deepEqual(result.compareArgs, expected);
    if (stub) assert.deepEqual(compareCalls.at(-1), expected, "prompt-bench.compareRuns got both run ids");
    else assert.ok(Array.isArray(result.comparison), "the Compare tab's command returned the comparisons");

    // Unchanged since B: it runs again all the same (run-to-run noise), against B now.
    const again = await vscode.commands.executeCommand<CompareWithLastRunResult | undefined>(CommandIds.compareWithLastRun, uri, { silent: true });
    assert.ok(again?.newRunId);
    assert.equal(again.promptUnchanged, true);
    assert.equal(again.previousRunId, result.newRunId);
    assert.deepEqual(again.compareArgs, { historyFile, a: result.newRunId, b: again.newRunId });
    assert.equal((await history.list()).filter((r) => r.promptFile === promptFile).length, 3);
  });

  test("Benchmark prompt variants runs each prompt file into its own results file, records each and compares them", async () => {
    const base = join(dir, "variant-a.prompt.txt");
    const other = join(dir, "variant-b.prompt.txt");
    const text = readFileSync(join(workspaceDir(), "extract.prompt.txt"), "utf8");
    writeFileSync(base, text);
    writeFileSync(other, `You are a careful clerk.\n${text}`);
    const calls = compareCalls.length;
    const result = await vscode.commands.executeCommand<VariantsResult | undefined>(CommandIds.benchmarkVariants, {
      promptFiles: [base, other],
      csvFile: join(dir, "letters.csv"),
      models: ["tiny"],
      silent: true,
    });
    assert.ok(result);
    assert.deepEqual(result.runs.map((r) => r.promptFile), [base, other]);
    const [ra, rb] = result.runs;
    assert.ok(ra?.runId && rb?.runId);
    assert.notEqual(ra.outputFile, rb.outputFile);
    for (const r of result.runs) assert.ok(existsSync(r.outputFile), `${r.outputFile} was written`);

    const history = new SqliteHistory(historyFile);
    const a = await history.get(ra.runId);
    const b = await history.get(rb.runId);
    assert.ok(a && b, "both variants are recorded");
    assert.equal(a.prompt.text, text);
    assert.equal(b.prompt.text, `You are a careful clerk.\n${text}`);
    assert.equal(a.resultsFile, ra.outputFile);
    assert.equal(b.resultsFile, rb.outputFile);
    assert.equal(b.rows.length, b.dataset.rows);

    const expected = { historyFile, a: ra.runId, b: [rb.runId] };
    assert.deepEqual(result.compareArgs, expected);
    if (stub) {
      assert.equal(compareCalls.length, calls + 1);
      assert.deepEqual(compareCalls.at(-1), expected);
    } else assert.ok(Array.isArray(result.comparison));
  });
});

suite("Model-size view", () => {
  test("the panel's Plots tab draws score, latency, energy and memory against parameter count", async () => {
    const extension = vscode.extensions.getExtension<PromptBenchApi>(EXTENSION_ID);
    assert.ok(extension);
    const api = await extension.activate();
    const dir = mkdtempSync(join(tmpdir(), "pb-it-size-"));
    const header =
      "model,field,n_total,n_valid,rouge1,rouge2,rougeL,bleu,chrf,bertscore_f1,exact_match,runtime_s,tokens_in,tokens_out,tokens_per_sec" +
      ",latency_p50_s,latency_p95_s,energy_wh,vram_peak_gb,ram_peak_gb,params_b";
    const lines = [header];
    for (const [i, [model, params]] of ([["small", 0.5], ["mid", 3], ["big", 7.6]] as const).entries()) {
      for (const field of ["city", "name"]) lines.push([model, field, 10, 10, 0.5, 0.3, 0.5, 30 + i, 40 + 10 * i, "", 50, 10, 100, 50, 5, 0.2 * (i + 1), 0.4 * (i + 1), 0.1 * (i + 1), 1 + i, 2 + i, params].join(","));
    }
    const metricsFile = join(dir, "sizes.extract.metrics.csv");
    writeFileSync(metricsFile, `${lines.join("\n")}\n`);
    // The webview says when it has drawn the file's 6 metrics rows; before that it may not answer requests.
    const rendered = new Promise<void>((resolve) => {
      const sub = api.resultsPanel.onDidRender((info) => {
        if (info.metricsRows !== 6) return;
        sub.dispose();
        resolve();
      });
    });
    const shown = await vscode.commands.executeCommand<{ metrics: unknown[] } | undefined>(CommandIds.openResults, vscode.Uri.file(metricsFile));
    assert.ok(shown);
    if (api.resultsPanel.lastRendered()?.metricsRows !== 6) await rendered; // the test's timeout guards a hang
    const s = await api.resultsPanel.domSummary({ tab: "plots" });
    const names = s.plots.map((p) => p.name);
    for (const name of ["scaling_score.png", "scaling_latency.png", "scaling_energy.png", "scaling_memory.png"]) {
      const plot = s.plots.find((p) => p.name === name);
      assert.ok(plot, `${name} in the Plots tab: ${names.join(", ")}`);
      assert.ok(plot.svgs > 0 && plot.texts > 0, `${name} was drawn: ${JSON.stringify(plot)}`);
    }
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });
});
