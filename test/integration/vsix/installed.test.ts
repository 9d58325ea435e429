// Prompt Bench installed from the linux-x64 .vsix (scripts/package-test.mjs) runs a benchmark on the generated
// test model: the extension, node-llama-cpp and its native binaries all come from the installed folder.
import * as assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { parse } from "csv-parse/sync";
import * as vscode from "vscode";
import type { RunSummary } from "../../../src/core/runner/options";
import { CommandIds } from "../../../src/extension/commandIds";
import type { PromptBenchApi } from "../../../src/extension/extension";
import { EXTENSION_ID, workspaceDir } from "../helpers";

function env(name: string): string {
  const value = process.env[name];
  assert.ok(value, `${name} is not set (scripts/package-test.mjs sets it)`);
  return value;
}

/** Paths of llama-addon.node files mapped into this process (the extension host). */
function loadedLlamaAddons(): string[] {
  const maps = readFileSync("/proc/self/maps", "utf8").split("\n");
  return [...new Set(maps.map((l) => l.slice(l.indexOf("/"))).filter((p) => p.endsWith("/llama-addon.node")))];
}

suite("Prompt Bench installed from the linux-x64 .vsix", () => {
  const config = () => vscode.workspace.getConfiguration("promptBench");
  let extensionPath: string;
  let api: PromptBenchApi;
  let summary: RunSummary | undefined;

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<PromptBenchApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in this host`);
    extensionPath = realpathSync(extension.extensionPath);
    api = await extension.activate();
  });

  suiteTeardown(async () => {
    for (const key of ["models", "threads", "maxNewTokens", "historyFile"]) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
  });

  test("the extension runs from the extensions folder, with only linux-x64 binaries and no bundled packages", () => {
    const installed = realpathSync(env("PROMPT_BENCH_VSIX_EXTENSIONS_DIR"));
    assert.ok(extensionPath.startsWith(installed + sep), `${extensionPath} is not under ${installed}`);
    assert.ok(!extensionPath.startsWith(realpathSync(env("PROMPT_BENCH_REPO_ROOT")) + sep), "running the development folder");
    const has = (p: string) => existsSync(join(extensionPath, p));
    for (const p of ["dist/extension.js", "node_modules/node-llama-cpp/package.json", "node_modules/@node-llama-cpp/linux-x64/package.json", "node_modules/node-sqlite3-wasm/dist/node-sqlite3-wasm.wasm"]) {
      assert.ok(has(p), `${p} is missing from the installed extension`);
    }
    for (const p of ["node_modules/@node-llama-cpp/linux-arm64", "node_modules/csv-parse", "node_modules/zod", "src", "node_modules/typescript"]) {
      assert.ok(!has(p), `${p} should not be in the linux-x64 .vsix`);
    }
  });

  test("a benchmark with the test model writes the results CSV, loading node-llama-cpp from the installed copy", async () => {
    const model = env("PROMPT_BENCH_TEST_MODEL");
    await config().update("models", [{ name: "tiny", path: model }], vscode.ConfigurationTarget.Global);
    await config().update("threads", 1, vscode.ConfigurationTarget.Global);
    await config().update("maxNewTokens", 16, vscode.ConfigurationTarget.Global);
    const dir = mkdtempSync(join(tmpdir(), "prompt-bench-vsix-"));
    const historyFile = join(dir, "history.sqlite");
    await config().update("historyFile", historyFile, vscode.ConfigurationTarget.Global);
    const csvFile = join(dir, "letters.csv");
    copyFileSync(join(workspaceDir(), "letters.csv"), csvFile);

    summary = await vscode.commands.executeCommand<RunSummary | undefined>(
      CommandIds.benchmarkPrompt,
      vscode.Uri.file(join(workspaceDir(), "extract.prompt.txt")),
      { csvFile, models: ["tiny"], silent: true },
    );
    assert.ok(summary, "the command returned no RunSummary");
    assert.equal(summary.outputFile, join(dir, "letters.extract.results.csv"));
    const input = parse(readFileSync(csvFile, "utf8"), { columns: true }) as unknown[];
    const rows = parse(readFileSync(summary.outputFile, "utf8").replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, input.length, "one results row per input row");
    assert.ok(rows.every((r) => "raw_tiny" in r && "pred_tiny_city" in r), "the results CSV has the model's columns");
    assert.ok(rows.some((r) => (r.raw_tiny ?? "") !== ""), "the model produced output");
    assert.ok(summary.metricsFile && existsSync(summary.metricsFile), "metrics CSV written");
    // The run history: the WebAssembly SQLite packaged in node_modules/node-sqlite3-wasm wrote a database.
    assert.ok(existsSync(historyFile), "the run was recorded in promptBench.historyFile");
    assert.equal(readFileSync(historyFile).subarray(0, 16).toString("latin1"), "SQLite format 3\0");

    const addons = loadedLlamaAddons();
    assert.ok(addons.length > 0, "no llama-addon.node is loaded in the extension host");
    for (const addon of addons) {
      assert.ok(
        addon.startsWith(join(extensionPath, "node_modules", "@node-llama-cpp") + sep),
        `node-llama-cpp's binary ${addon} does not come from the installed extension (${extensionPath})`,
      );
    }
  });

  test("the results panel renders from the installed copy, and Export plots writes report.html and PNGs", async () => {
    assert.ok(summary, "needs the run of the previous test");
    const metricsRows = summary.metrics.length;
    if (api.resultsPanel.lastRendered()?.metricsRows !== metricsRows) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the panel did not render ${metricsRows} metrics rows in 30 s`)), 30_000);
        const sub = api.resultsPanel.onDidRender((info) => {
          if (info.metricsRows !== metricsRows) return;
          clearTimeout(timer);
          sub.dispose();
          resolve();
        });
      });
    }
    // plotly.js-dist-min and playwright-core come from the installed node_modules (they are not bundled).
    const dir = mkdtempSync(join(tmpdir(), "prompt-bench-vsix-plots-"));
    const exported = await vscode.commands.executeCommand<{ reportFile: string; pngFiles: string[]; skipped?: string }>(CommandIds.exportPlots, { dir });
    assert.ok(exported, "export returned its result");
    assert.match(readFileSync(exported.reportFile, "utf8"), /^<!DOCTYPE html>/);
    assert.equal(exported.skipped, undefined, `PNGs rendered (the host's Chromium is installed): ${exported.skipped}`);
    assert.ok(exported.pngFiles.length > 0, "PNG files written");
  });
});
