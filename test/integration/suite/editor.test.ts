// Editor integration in a real VS Code host: diagnostics re-read from results files (right lines for multi-line
// CSV cells, cleared when rows pass), their code actions, the CodeLens run summary, the run status bar and
// prompt-bench.cancelRun.
import * as assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import * as vscode from "vscode";
import type { RunSummary } from "../../../src/core/runner/options";
import { CommandIds } from "../../../src/extension/commandIds";
import type { PromptBenchApi } from "../../../src/extension/extension";
import { EXTENSION_ID, recordStartLines, workspaceDir } from "../helpers";


function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === "Prompt Bench");
}

async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const csvCell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A results CSV for model `m` over `input` where the rows in `invalid` failed validation. */
function resultsCsv(inputText: string, invalid: ReadonlySet<number>): string {
  const rows = parse(inputText) as string[][];
  const [header, ...data] = rows;
  assert.ok(header);
  const out = [[...header, "pred_m_city", "pred_m_name", "raw_m", "raw_m__valid", "raw_m__error"]];
  data.forEach((r, i) => {
    const bad = invalid.has(i);
    out.push([
      ...r,
      bad ? "" : (r[1] ?? ""),
      bad ? "" : (r[2] ?? ""),
      bad ? `not json <row ${i}>\nsecond line` : JSON.stringify({ city: r[1], name: r[2] }),
      bad ? "false" : "true",
      bad ? "output is not valid JSON" : "",
    ]);
  });
  return out.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

suite("Prompt Bench editor integration", () => {
  let api: PromptBenchApi;
  const config = () => vscode.workspace.getConfiguration("promptBench");
  const dir = () => join(workspaceDir(), "editor-it");
  const csvFile = () => join(dir(), "multi.csv");
  const resultsFile = () => join(dir(), "multi.hand.results.csv");
  let csvText = "";

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<PromptBenchApi>(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this host`);
    api = await extension.activate();
    mkdirSync(dir(), { recursive: true });
    copyFileSync(join(workspaceDir(), "letters.csv"), csvFile());
    csvText = readFileSync(csvFile(), "utf8");
  });

  suiteTeardown(async () => {
    for (const key of ["models", "maxNewTokens", "constrainedDecoding", "threads"]) {
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    rmSync(dir(), { recursive: true, force: true });
  });

  test("the new commands are contributed", async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of [CommandIds.cancelRun, CommandIds.showRawOutput]) assert.ok(commands.includes(id), id);
  });

  test("a results file's failing rows become diagnostics on the input's record lines (multi-line cells)", async () => {
    const starts = recordStartLines(csvText);
    assert.ok(starts.length >= 5 && starts[2]! > 3, "the fixture has multi-line quoted cells");
    writeFileSync(resultsFile(), resultsCsv(csvText, new Set([1, 4])));
    const uri = vscode.Uri.file(csvFile());
    const diagnostics = await waitFor("two diagnostics", () => ours(uri).length === 2 && ours(uri));
    const lines = diagnostics.map((d) => d.range.start.line + 1).sort((a, b) => a - b);
    assert.deepEqual(lines, [starts[1], starts[4]]);
    for (const d of diagnostics) {
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(d.message, /^m: output is not valid JSON \(fields: city, name\)$/);
    }
  });

  test("editing the results so a row passes clears its diagnostic; all passing clears them all", async () => {
    const uri = vscode.Uri.file(csvFile());
    const starts = recordStartLines(csvText);
    writeFileSync(resultsFile(), resultsCsv(csvText, new Set([4])));
    const one = await waitFor("one diagnostic left", () => ours(uri).length === 1 && ours(uri));
    assert.equal(one[0]?.range.start.line, (starts[4] ?? 0) - 1);
    writeFileSync(resultsFile(), resultsCsv(csvText, new Set()));
    await waitFor("no diagnostics", () => ours(uri).length === 0);
    // Failing again, then the results file deleted: cleared too.
    writeFileSync(resultsFile(), resultsCsv(csvText, new Set([0])));
    await waitFor("a diagnostic again", () => ours(uri).length === 1);
    rmSync(resultsFile());
    await waitFor("no diagnostics after the delete", () => ours(uri).length === 0);
  });

  test("code actions on a diagnostic: show raw output, open row in results panel", async () => {
    const uri = vscode.Uri.file(csvFile());
    writeFileSync(resultsFile(), resultsCsv(csvText, new Set([2])));
    const [diagnostic] = await waitFor("the diagnostic", () => ours(uri).length === 1 && ours(uri));
    assert.ok(diagnostic);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", uri, diagnostic.range);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes("Show raw output of m (row 3)"), `actions: ${JSON.stringify(titles)}`);
    assert.ok(titles.includes("Open row 3 in results panel"), `actions: ${JSON.stringify(titles)}`);
    const open = actions.find((a) => a.title.startsWith("Open row"));
    assert.equal(open?.command?.command, CommandIds.openResults);
    assert.equal((open?.command?.arguments?.[0] as { row: number }).row, 2);

    const raw = actions.find((a) => a.title.startsWith("Show raw output"));
    assert.ok(raw?.command);
    await vscode.commands.executeCommand(raw.command.command, ...(raw.command.arguments ?? []));
    const shown = await waitFor("the raw output editor", () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === "prompt-bench-raw"),
    );
    assert.equal(shown.document.getText(), "not json <row 2>\nsecond line");
  });

  test("saving an edited input CSV moves the diagnostics with their rows", async () => {
    const uri = vscode.Uri.file(csvFile());
    writeFileSync(resultsFile(), resultsCsv(csvText, new Set([2])));
    const starts = recordStartLines(csvText);
    await waitFor("the diagnostic on row 3", () => ours(uri)[0]?.range.start.line === (starts[2] ?? 0) - 1);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    // A blank line after the header: every record starts one line later, the rows themselves are unchanged.
    await editor.edit((e) => e.insert(new vscode.Position(1, 0), "\n"));
    assert.ok(await editor.document.save());
    await waitFor("the diagnostic one line lower", () => ours(uri)[0]?.range.start.line === (starts[2] ?? 0));
    writeFileSync(csvFile(), csvText);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  suite("runs with the test model", () => {
    const promptFile = () => join(workspaceDir(), "extract.prompt.txt");

    suiteSetup(async function () {
      const modelPath = process.env.PROMPT_BENCH_TEST_MODEL ?? "";
      assert.ok(modelPath && existsSync(modelPath), "PROMPT_BENCH_TEST_MODEL must point at the generated test GGUF");
      await config().update("models", [{ name: "tiny", path: modelPath }], vscode.ConfigurationTarget.Global);
      await config().update("threads", 1, vscode.ConfigurationTarget.Global);
      await config().update("constrainedDecoding", false, vscode.ConfigurationTarget.Global);
      await config().update("maxNewTokens", 24, vscode.ConfigurationTarget.Global);
    });

    test("after a run the prompt's CodeLens shows a run summary that opens the panel", async () => {
      const csv = join(dir(), "lens.csv");
      copyFileSync(join(workspaceDir(), "letters.csv"), csv);
      const summary = await vscode.commands.executeCommand<RunSummary | undefined>(CommandIds.benchmarkPrompt, vscode.Uri.file(promptFile()), {
        csvFile: csv,
        models: ["tiny"],
        silent: true,
      });
      assert.ok(summary && !summary.cancelled);
      const uri = vscode.Uri.file(promptFile());
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const lens = await waitFor("the summary CodeLens", async () => {
        const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", uri)) ?? [];
        return all.find((l) => l.command?.title.startsWith("last run:"));
      });
      assert.match(lens.command?.title ?? "", /^last run: 1 model · \d+% valid/);
      assert.equal(lens.command?.command, CommandIds.openResults);
      assert.equal((lens.command?.arguments?.[0] as vscode.Uri).fsPath, summary.metricsFile);
    });

    test("the status bar shows the run, and prompt-bench.cancelRun stops it with the finished rows saved", async () => {
      const rows = 40;
      const csv = join(dir(), "long.csv");
      const lines = ["source,city,name"];
      for (let i = 0; i < rows; i++) lines.push(`"Herr Nummer ${i} wurde in Berlin behandelt.",Berlin,Nummer ${i}`);
      writeFileSync(csv, lines.join("\n") + "\n");
      assert.equal(api.editor.statusBarText(), undefined, "no status bar item before the run");
      const running = Promise.resolve(
        vscode.commands.executeCommand<RunSummary | undefined>(CommandIds.benchmarkPrompt, vscode.Uri.file(promptFile()), {
          csvFile: csv,
          models: ["tiny"],
          silent: true,
        }),
      );
      const text = await waitFor("a finished row in the status bar", () => {
        const t = api.editor.statusBarText();
        return t !== undefined && /row [1-9]\d*\//.test(t) && t;
      }, 120_000);
      assert.match(text, new RegExp(`^\\$\\(sync~spin\\) Prompt Bench: model 1/1 · row \\d+/${rows}$`));
      await vscode.commands.executeCommand(CommandIds.cancelRun);
      const summary = await running;
      assert.ok(summary, "the cancelled run still returns its summary");
      assert.equal(summary.cancelled, true);
      assert.equal(api.editor.statusBarText(), undefined, "the status bar item is hidden after the run");
      const results = parse(readFileSync(summary.outputFile, "utf8").replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
      const done = results.filter((r) => r["raw_tiny__valid"] !== "").length;
      assert.ok(done >= 1, "the rows finished before the cancel are saved");
      assert.ok(done < rows, `the run stopped early (${done}/${rows} rows done)`);
    });
  });
});
