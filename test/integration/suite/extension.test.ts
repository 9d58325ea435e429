// Prompt Bench inside a real VS Code extension host: commands, CodeLens, a benchmark run on the fixture
// workspace with the generated test model (PROMPT_BENCH_TEST_MODEL), diagnostics, and the results panel.
import * as assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import * as vscode from "vscode";
import type { RunSummary } from "../../../src/core/runner/options";
import { CommandIds } from "../../../src/extension/commandIds";
import type { PromptBenchApi } from "../../../src/extension/extension";
import { EXTENSION_ID, recordStartLines, workspaceDir } from "../helpers";

const METRICS_HEADER =
  "model,field,n_total,n_valid,rouge1,rouge2,rougeL,bleu,chrf,bertscore_f1,exact_match,runtime_s,tokens_in,tokens_out,tokens_per_sec" +
  ",load_s,latency_p50_s,latency_p95_s,energy_wh,power_avg_w,power_peak_w" +
  ",ttft_p50_s,ttft_p95_s,tokens_reasoning,model_file_gb,gpu_names,gpu_layers,vram_peak_gb,ram_peak_gb,skipped,retries,cost" +
  ",rouge1_ci_low,rouge1_ci_high,rouge2_ci_low,rouge2_ci_high,rougeL_ci_low,rougeL_ci_high,bleu_ci_low,bleu_ci_high" +
  ",chrf_ci_low,chrf_ci_high,exact_match_ci_low,exact_match_ci_high,rank" +
  ",params_b" +
  ",schema_compliance,field_accuracy,type_correctness,structural_consistency,field_accuracy_model,type_correctness_model";

function readResults(file: string): Record<string, string>[] {
  return parse(readFileSync(file, "utf8").replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
}

/** `model@line` for every diagnostic Prompt Bench put on this file. */
function diagnosticKeys(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === "Prompt Bench")
    .map((d) => {
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(d.range.start.character, 0);
      assert.equal(d.range.end.line, d.range.start.line, "a diagnostic covers one line");
      return `${d.message.slice(0, d.message.indexOf(":"))}@${d.range.start.line + 1}`;
    })
    .sort();
}

/** `model@line` for every row whose output the runner marked invalid in the results CSV. */
function invalidRowKeys(resultsFile: string, csvText: string, models: string[]): string[] {
  const rows = readResults(resultsFile);
  const starts = recordStartLines(csvText);
  assert.equal(rows.length, starts.length, "the results CSV has one row per input row");
  const keys: string[] = [];
  for (const model of models) {
    rows.forEach((row, i) => {
      const valid = row[`raw_${model}__valid`];
      assert.ok(valid === "true" || valid === "false", `raw_${model}__valid of row ${i} is "${valid}"`);
      if (valid === "false") keys.push(`${model}@${starts[i]}`);
    });
  }
  return keys.sort();
}

function waitForRender(api: PromptBenchApi, metricsRows: number, timeoutMs = 30_000): Promise<void> {
  const done = () => api.resultsPanel.lastRendered()?.metricsRows === metricsRows;
  if (done()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`the results panel did not render ${metricsRows} metrics rows within ${timeoutMs} ms (last: ${JSON.stringify(api.resultsPanel.lastRendered())})`));
    }, timeoutMs);
    const sub = api.resultsPanel.onDidRender(() => {
      if (!done()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

function webviewTabOpen(): boolean {
  return vscode.window.tabGroups.all.some((g) =>
    g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes("promptBench.results")),
  );
}

suite("Prompt Bench extension", () => {
  let api: PromptBenchApi;
  const config = () => vscode.workspace.getConfiguration("promptBench");
  const touched = ["models", "maxNewTokens", "constrainedDecoding", "threads"] as const;

  suiteSetup(async () => {
    console.log(`Prompt Bench integration tests running in VS Code ${vscode.version} (${vscode.env.appName}, ${vscode.env.appHost})`);
    const extension = vscode.extensions.getExtension<PromptBenchApi>(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this host`);
    api = await extension.activate();
  });

  suiteTeardown(async () => {
    for (const key of touched) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  test("the commands are registered", async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of Object.values(CommandIds)) assert.ok(commands.includes(id), `command ${id} is not registered`);
  });

  test("the CodeLens shows on a prompt file, and only there", async () => {
    const lenses = async (name: string) => {
      const uri = vscode.Uri.file(join(workspaceDir(), name));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", uri)) ?? [];
      return all.filter((l) => l.command?.command === CommandIds.benchmarkPrompt);
    };
    const onGlob = await lenses("extract.prompt.txt");
    assert.equal(onGlob.length, 1, "one CodeLens on extract.prompt.txt (matches promptBench.promptGlob)");
    assert.equal(onGlob[0]?.range.start.line, 0);
    assert.equal(onGlob[0]?.command?.title, "▶ Benchmark this prompt");
    assert.equal((onGlob[0]?.command?.arguments?.[0] as vscode.Uri).fsPath, join(workspaceDir(), "extract.prompt.txt"));
    assert.equal((await lenses("notes.txt")).length, 1, "a .txt containing {source} is a prompt file");
    assert.equal((await lenses("readme-notes.txt")).length, 0, "a .txt without {source} is not a prompt file");
  });

  suite("benchmark run with the test model", () => {
    let modelPath: string;
    // Later tests reuse these runs instead of running the model again.
    let freeRun: { csvFile: string; csvText: string; summary: RunSummary } | undefined;
    let constrainedRun: RunSummary | undefined;
    const promptFile = () => join(workspaceDir(), "extract.prompt.txt");
    const fixtureCsv = () => join(workspaceDir(), "letters.csv");

    suiteSetup(async function () {
      modelPath = process.env.PROMPT_BENCH_TEST_MODEL ?? "";
      assert.ok(modelPath, "PROMPT_BENCH_TEST_MODEL is not set (the harness points it at the generated test GGUF)");
      assert.ok(existsSync(modelPath), `PROMPT_BENCH_TEST_MODEL=${modelPath} does not exist`);
      assert.ok(vscode.workspace.isTrusted, "the fixture workspace must be trusted (the run command refuses otherwise)");
      await config().update(
        "models",
        [
          { name: "tiny", path: modelPath },
          { name: "tiny-json", tier: "3b", path: modelPath },
        ],
        vscode.ConfigurationTarget.Global,
      );
      // One thread: on a busy 2-core machine more threads spin-wait on each other (docs/BENCHMARKS.md).
      await config().update("threads", 1, vscode.ConfigurationTarget.Global);
    });

    /** Copies the fixture CSV into a fresh temp folder, so results never land in the repository. */
    function freshCsv(): { csvFile: string; csvText: string } {
      const dir = mkdtempSync(join(tmpdir(), "prompt-bench-it-"));
      const csvFile = join(dir, "letters.csv");
      copyFileSync(fixtureCsv(), csvFile);
      return { csvFile, csvText: readFileSync(csvFile, "utf8") };
    }

    async function run(csvFile: string, models: string[]): Promise<RunSummary> {
      const summary = await vscode.commands.executeCommand<RunSummary | undefined>(
        CommandIds.benchmarkPrompt,
        vscode.Uri.file(promptFile()),
        { csvFile, models, silent: true },
      );
      assert.ok(summary, "the command returned no RunSummary");
      assert.equal(summary.cancelled, false);
      return summary;
    }

    function checkFiles(summary: RunSummary, csvFile: string, models: string[]): void {
      assert.equal(summary.outputFile, csvFile.replace(/\.csv$/, ".extract.results.csv"));
      assert.ok(existsSync(summary.outputFile), "results CSV written");
      assert.ok(summary.metricsFile && existsSync(summary.metricsFile), "metrics CSV written");
      const metricsLines = readFileSync(summary.metricsFile, "utf8").trim().split(/\r?\n/);
      assert.equal(metricsLines[0], METRICS_HEADER);
      assert.equal(metricsLines.length - 1, models.length * 2, "one metrics row per model and field (city, name)");
      const rows = readResults(summary.outputFile);
      for (const model of models) {
        for (const [i, row] of rows.entries()) {
          assert.ok(`raw_${model}` in row && `pred_${model}_city` in row && `pred_${model}_name` in row, `columns of ${model}`);
          assert.notEqual(row[`raw_${model}`], undefined, `raw_${model} of row ${i}`);
        }
      }
    }

    test("free decoding: results, metrics, diagnostics on exactly the invalid rows, panel", async () => {
      await config().update("constrainedDecoding", false, vscode.ConfigurationTarget.Global);
      await config().update("maxNewTokens", 48, vscode.ConfigurationTarget.Global);
      const { csvFile, csvText } = freshCsv();
      const summary = await run(csvFile, ["tiny"]);
      freeRun = { csvFile, csvText, summary };
      checkFiles(summary, csvFile, ["tiny"]);

      const expected = invalidRowKeys(summary.outputFile, csvText, ["tiny"]);
      assert.ok(expected.length > 0, "a random model decoding freely should produce rows that fail validation");
      assert.deepEqual(diagnosticKeys(vscode.Uri.file(csvFile)), expected);
      assert.deepEqual(
        summary.failures.map((f) => `${f.model}@${f.line}`).sort(),
        expected,
        "RunSummary.failures matches the results CSV",
      );

      assert.ok(api.resultsPanel.isOpen(), "the results panel opened");
      await waitForRender(api, summary.metrics.length);
      assert.ok(webviewTabOpen(), "a Prompt Bench webview tab is open");
    });

    test("constrained decoding: every row valid, no diagnostics; the panel shows the new run", async () => {
      await config().update("constrainedDecoding", true, vscode.ConfigurationTarget.Global);
      await config().update("maxNewTokens", 256, vscode.ConfigurationTarget.Global);
      const { csvFile, csvText } = freshCsv();
      const summary = await run(csvFile, ["tiny-json"]);
      constrainedRun = summary;
      checkFiles(summary, csvFile, ["tiny-json"]);
      const expected = invalidRowKeys(summary.outputFile, csvText, ["tiny-json"]);
      assert.deepEqual(diagnosticKeys(vscode.Uri.file(csvFile)), expected);
      assert.equal(expected.length, 0, `constrained decoding should make every output schema-valid, failures: ${JSON.stringify(summary.failures)}`);
      await waitForRender(api, summary.metrics.length);
    });

    test("rerunning resumes (nothing recomputed) and replaces the diagnostics", async () => {
      assert.ok(freeRun, "needs the free-decoding run");
      await config().update("constrainedDecoding", false, vscode.ConfigurationTarget.Global);
      await config().update("maxNewTokens", 48, vscode.ConfigurationTarget.Global);
      const csvUri = vscode.Uri.file(freeRun.csvFile);
      const before = readFileSync(freeRun.summary.outputFile, "utf8");
      const again = await run(freeRun.csvFile, ["tiny"]);
      assert.equal(readFileSync(again.outputFile, "utf8"), before, "a complete model is skipped on rerun");
      assert.deepEqual(diagnosticKeys(csvUri), invalidRowKeys(again.outputFile, freeRun.csvText, ["tiny"]));
    });

    test("openResults shows the last run, or a given metrics CSV", async () => {
      type Shown = { metrics: unknown[]; run: { metricsFile: string }; failuresUnknown?: boolean } | undefined;
      const last = await vscode.commands.executeCommand<Shown>(CommandIds.openResults);
      assert.ok(last, "openResults returned the results it shows");
      assert.ok(existsSync(last.run.metricsFile));
      assert.equal(last.failuresUnknown, false, "the last run's failures are remembered");
      assert.ok(api.resultsPanel.isOpen());
      await waitForRender(api, last.metrics.length);

      assert.ok(constrainedRun?.metricsFile, "needs the constrained run");
      assert.notEqual(constrainedRun.metricsFile, last.run.metricsFile, "the constrained run is not the last one");
      const fromFile = await vscode.commands.executeCommand<Shown>(CommandIds.openResults, vscode.Uri.file(constrainedRun.metricsFile));
      assert.ok(fromFile);
      assert.equal(fromFile.run.metricsFile, constrainedRun.metricsFile);
      assert.equal(fromFile.metrics.length, constrainedRun.metrics.length);
      assert.equal(fromFile.failuresUnknown, true, "failures are not known for a metrics CSV that is not the last run's");
      await waitForRender(api, fromFile.metrics.length);
    });

    test("a UserError from the run reaches a silent caller with its message", async () => {
      const { csvFile } = freshCsv();
      await assert.rejects(
        Promise.resolve(
          vscode.commands.executeCommand(CommandIds.benchmarkPrompt, vscode.Uri.file(promptFile()), {
            csvFile,
            models: ["no-such-model"],
            silent: true,
          }),
        ),
        /Unknown model "no-such-model"/,
      );
    });
  });
});
