// The results panel in the real host: the overview shows the metrics CSV's numbers (sortable, best marked), the
// Rows tab pages through the results CSV with filters and reveals a row's line, and untrusted text (CSV cells and
// model output carrying HTML/JS payloads) renders as text with nothing executed and no CSP violation. Everything
// is read from the webview's own report of its DOM (DomSummary, src/shared/protocol.ts).
import * as assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parse } from "csv-parse/sync";
import * as vscode from "vscode";
import { formatCsv } from "../../../src/core/csv/write";
import { formatMetricsCsv } from "../../../src/core/metrics/metricsCsv";
import { plotNames } from "../../../src/core/plots/figures";
import type { MetricsRow, RunSummary } from "../../../src/core/runner/options";
import { CommandIds } from "../../../src/extension/commandIds";
import type { PromptBenchApi } from "../../../src/extension/extension";
import type { DomSummary, ResultsMessage } from "../../../src/shared/protocol";
import { assertNothingExecuted } from "../helpers";

const EXTENSION_ID = "prompt-bench.prompt-bench";

// Each payload, if it ever ran, sets window.__pbXss (which the webview reports).
const PAYLOADS = [
  "<script>window.__pbXss = 'script'</script>",
  '<img src=x onerror="window.__pbXss = \'img\'">',
  '<a href="javascript:window.__pbXss = \'link\'">click me</a>',
  '<svg onload="window.__pbXss = \'svg\'"></svg>',
  '<iframe srcdoc="<script>parent.__pbXss = 1</script>"></iframe>',
  '"><details open ontoggle="window.__pbXss = \'details\'">',
];
const CITY_PAYLOAD = "<img src=x onerror=window.__pbXss='city'>";
const NAME_PAYLOAD = "javascript:window.__pbXss='name'";
const RAW_PAYLOAD =
  "<think>\n<script>window.__pbXss = 'think'</script> reasoning\n</think>\n" +
  `{"city": "<img src=x onerror=window.__pbXss='raw'>", "name": "<b onmouseover=alert(1)>x</b>"}`;

function xssCsv(): string {
  const rows = PAYLOADS.map((p, i) => [`Letter ${i}: ${p}\nsecond line ${i}`, i === 0 ? CITY_PAYLOAD : `City${i}`, i === 0 ? NAME_PAYLOAD : `Name ${i}`]);
  return formatCsv(["source", "city", "name"], rows);
}

/** 1-based line on which each data record starts. */
function recordStartLines(csvText: string): number[] {
  const records = parse(csvText, { info: true }) as unknown as { info: { lines: number } }[];
  const starts: number[] = [];
  for (let i = 1; i < records.length; i++) starts.push((records[i - 1]?.info.lines ?? 0) + 1);
  return starts;
}

/** Asks the test host for a screenshot of the workbench (a test artifact under .test-output/screenshots/). */
async function screenshot(name: string): Promise<void> {
  console.log(`[screenshot] ${name}`);
  await new Promise((resolve) => setTimeout(resolve, 1500));
}

suite("Results panel", () => {
  let api: PromptBenchApi;
  const config = () => vscode.workspace.getConfiguration("promptBench");
  const touched = ["models", "maxNewTokens", "constrainedDecoding", "threads"] as const;
  let dir: string;
  let csvFile: string;
  let csvText: string;
  let summary: RunSummary;

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<PromptBenchApi>(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this host`);
    api = await extension.activate();
    const modelPath = process.env.PROMPT_BENCH_TEST_MODEL ?? "";
    assert.ok(modelPath && existsSync(modelPath), "PROMPT_BENCH_TEST_MODEL must point at the generated test GGUF");
    await config().update(
      "models",
      [
        { name: "tiny", path: modelPath },
        { name: "tiny-b", path: modelPath },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await config().update("threads", 1, vscode.ConfigurationTarget.Global);
    await config().update("maxNewTokens", 24, vscode.ConfigurationTarget.Global);
    await config().update("constrainedDecoding", false, vscode.ConfigurationTarget.Global);

    dir = mkdtempSync(join(tmpdir(), "prompt-bench-panel-"));
    csvFile = join(dir, "xss.csv");
    csvText = xssCsv();
    writeFileSync(csvFile, csvText);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, "the fixture workspace must be open");
    const result = await vscode.commands.executeCommand<RunSummary | undefined>(
      CommandIds.benchmarkPrompt,
      vscode.Uri.file(join(folder.uri.fsPath, "extract.prompt.txt")),
      { csvFile, models: ["tiny", "tiny-b"], silent: true },
    );
    assert.ok(result, "the benchmark returned no summary");
    summary = result;
  });

  suiteTeardown(async () => {
    for (const key of touched) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  test("the overview shows the metrics CSV's numbers, sorts, and marks the best values", async () => {
    assert.ok(api.resultsPanel.isOpen(), "the panel opened after the run");
    const s = await api.resultsPanel.domSummary({ tab: "overview" });
    await screenshot("panel-overview");
    assert.deepEqual(s.overviewHeader.slice(0, 3), ["Model", "Field", "Valid"]);
    const metricsCsv = parse(readFileSync(summary.metricsFile!, "utf8"), { columns: true }) as Record<string, string>[];
    assert.equal(s.overviewRows.length, metricsCsv.length, "one overview row per metrics row");
    const chrfAt = s.overviewHeader.indexOf("chrF++");
    const emAt = s.overviewHeader.indexOf("Exact match");
    for (const [i, row] of metricsCsv.entries()) {
      const cells = s.overviewRows[i]!;
      assert.equal(cells[0], row.model);
      assert.equal(cells[1], row.field);
      assert.equal(cells[2], `${row.n_valid}/${row.n_total}`);
      assert.equal(cells[chrfAt], row.chrf === "" ? "—" : Number(row.chrf).toFixed(2), `chrF++ of ${row.model}/${row.field}`);
      assert.equal(cells[emAt], row.exact_match === "" ? "—" : Number(row.exact_match).toFixed(1), `EM of ${row.model}/${row.field}`);
    }
    // Best marks: per field, the highest valid rate goes to the model(s) with the most valid rows (none when all tie).
    for (const field of ["city", "name"]) {
      const rows = metricsCsv.filter((r) => r.field === field);
      const rate = (r: Record<string, string>) => Number(r.n_valid) / Number(r.n_total);
      const top = Math.max(...rows.map(rate));
      const allTie = rows.every((r) => rate(r) === top);
      const expected = allTie ? [] : rows.filter((r) => rate(r) === top).map((r) => r.model).sort();
      const marked = s.best.filter((b) => b.col === "valid" && b.field === field).map((b) => b.model).sort();
      assert.deepEqual(marked, expected, `best valid rate for ${field}`);
    }
    // Sorting by the Model column twice: ascending, then descending.
    const asc = await api.resultsPanel.domSummary({ sortBy: ["model"] });
    const names = (x: DomSummary) => x.overviewRows.map((r) => r[0]!);
    assert.deepEqual(names(asc), [...names(asc)].sort((a, b) => a.localeCompare(b)));
    const desc = await api.resultsPanel.domSummary({ sortBy: ["model"] });
    assert.deepEqual(names(desc), [...names(desc)].sort((a, b) => b.localeCompare(a)));
    assert.notDeepEqual(names(desc), names(asc));
    // Latency and hardware per model: the panel shows the run's own figures, the CSV the same ones rounded.
    const hardware = s.hardwareRows ?? [];
    assert.deepEqual(hardware.map((r) => r[0]), ["tiny", "tiny-b"], "one latency/hardware row per model");
    for (const cells of hardware) {
      const row = metricsCsv.find((m) => m.model === cells[0])!;
      assert.ok(row.latency_p50_s !== "" && Math.abs(Number(cells[1]) - Number(row.latency_p50_s)) <= 0.0051, `latency p50 of ${row.model}: ${cells[1]}`);
      assert.match(cells[5] ?? "", /^\d+(\.\d+)? (GB|MB|kB)$/, `file size of ${row.model}`);
      assert.equal(cells[7], row.gpu_layers || "—", `GPU layers of ${row.model}`);
      assert.ok(row.ram_peak_gb !== "" && Math.abs(Number(cells[9]) - Number(row.ram_peak_gb)) <= 0.0051, `RAM peak of ${row.model}: ${cells[9]}`);
    }
    assert.deepEqual(s.progressModels, ["tiny", "tiny-b"], "progress per model was shown during the run");
    assertNothingExecuted(s, "overview");
    assert.deepEqual(
      [...s.toolkitDefined].sort(),
      ["vscode-button", "vscode-panel-tab", "vscode-panel-view", "vscode-panels", "vscode-radio", "vscode-radio-group"],
      "the webview UI toolkit's components upgraded under the CSP",
    );
  });

  test("CSV cells and model output with HTML/JS payloads render as text; nothing executes", async () => {
    // Put payloads into the model output too: the random test model cannot be made to write them.
    const results = parse(readFileSync(summary.outputFile, "utf8"), { columns: true }) as Record<string, string>[];
    const columns = Object.keys(results[0]!);
    const first = results[0]!;
    first.raw_tiny = RAW_PAYLOAD;
    first.raw_tiny__valid = "true";
    first.raw_tiny__error = "";
    first.pred_tiny_city = "<img src=x onerror=window.__pbXss='raw'>";
    first.pred_tiny_name = "<b onmouseover=alert(1)>x</b>";
    first["raw_tiny-b__valid"] = "false";
    first["raw_tiny-b__error"] = "<script>window.__pbXss='error'</script> no JSON object found";
    writeFileSync(summary.outputFile, formatCsv(columns, results.map((r) => columns.map((c) => r[c] ?? ""))));

    // Reopen (the last run; its rows are re-read from the changed results CSV).
    const shown = await vscode.commands.executeCommand<{ metrics: unknown[] } | undefined>(CommandIds.openResults);
    assert.ok(shown);
    const s = await api.resultsPanel.domSummary({ tab: "rows", filter: "all" });
    assert.equal(s.tab, "rows");
    assert.equal(s.rowsTotal, PAYLOADS.length);
    assert.equal(s.rows.length, PAYLOADS.length, "a page of rows was rendered");
    const starts = recordStartLines(csvText);
    assert.deepEqual(
      s.rows.map((r) => r.line),
      starts,
      "each row carries the line its record starts on in the input CSV",
    );
    const all = s.rows.flatMap((r) => r.texts);
    for (const [i, p] of PAYLOADS.entries()) assert.ok(all.includes(`Letter ${i}: ${p}\nsecond line ${i}`), `source ${i} shown as text`);
    assert.ok(all.includes(CITY_PAYLOAD), "target cell shown as text");
    assert.ok(all.includes(NAME_PAYLOAD), "javascript: target shown as text");
    assert.ok(all.includes("<img src=x onerror=window.__pbXss='raw'>"), "prediction shown as text");
    assert.ok(all.includes("<script>window.__pbXss = 'think'</script> reasoning"), "reasoning shown as text (collapsed)");
    assert.ok(all.includes(`{"city": "<img src=x onerror=window.__pbXss='raw'>", "name": "<b onmouseover=alert(1)>x</b>"}`), "raw answer shown as text");
    assert.ok(all.includes("<script>window.__pbXss='error'</script> no JSON object found"), "validation error shown as text");
    assertNothingExecuted(s, "rows");
  });

  test("rows filters page on the extension side; a row reveals its line in the CSV", async () => {
    const results = parse(readFileSync(summary.outputFile, "utf8"), { columns: true }) as Record<string, string>[];
    const failed = results.filter((r) => r.raw_tiny__valid === "false" || r["raw_tiny-b__valid"] === "false").length;
    const s = await api.resultsPanel.domSummary({ tab: "rows", filter: "failed" });
    assert.equal(s.rowsTotal, failed, "failed-validation filter");
    assert.equal(s.rows.length, failed);
    const back = await api.resultsPanel.domSummary({ tab: "rows", filter: "all" });
    assert.equal(back.rowsTotal, PAYLOADS.length);

    const starts = recordStartLines(csvText);
    const target = 3;
    const opened = new Promise<vscode.TextEditor>((resolve) => {
      const sub = vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e?.document.uri.fsPath === csvFile) {
          sub.dispose();
          resolve(e);
        }
      });
    });
    await api.resultsPanel.domSummary({ tab: "rows", clickRow: target });
    const editor = await Promise.race([opened, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the CSV did not open")), 15_000))]);
    assert.equal(editor.selection.active.line + 1, starts[target], "the row's record line is revealed");
  });

  test("openResults with a row (a diagnostic's code action) shows that row in the Rows tab", async () => {
    await vscode.commands.executeCommand(CommandIds.openResults, { row: 4, model: "tiny", metricsFile: summary.metricsFile, resultsFile: summary.outputFile });
    const s = await api.resultsPanel.domSummary();
    assert.equal(s.tab, "rows");
    assert.equal(s.focusedRow, 4);
    assertNothingExecuted(s, "focused row");
  });

  test("the latency and hardware table shows a metrics CSV's appended columns, text as text", async () => {
    const evil = "<img src=x onerror=window.__pbXss='gpu'>";
    const row: MetricsRow = {
      model: "m", field: "city", n_total: 2, n_valid: 2, runtime_s: 3, tokens_in: 10, tokens_out: 20, tokens_per_sec: 6.6667,
      latency_p50_s: 1.25, latency_p95_s: 1.75, ttft_p50_s: 0.125, ttft_p95_s: 0.25, model_file_gb: 4.9212,
      gpu_names: `NVIDIA H100 80GB HBM3; ${evil}`, gpu_layers: "29/33", vram_peak_gb: 6.5, energy_wh: 0.1234, power_avg_w: 250.4, power_peak_w: 301,
    };
    const metricsFile = join(dir, "hardware.extract.metrics.csv");
    writeFileSync(metricsFile, formatMetricsCsv([row]));
    const shown = await vscode.commands.executeCommand<{ metrics: unknown[] } | undefined>(CommandIds.openResults, vscode.Uri.file(metricsFile));
    assert.ok(shown);
    const o = await api.resultsPanel.domSummary({ tab: "overview" });
    assert.deepEqual(o.hardwareRows, [
      ["m", "1.25", "1.75", "0.125", "0.250", "4.92 GB", `NVIDIA H100 80GB HBM3; ${evil}`, "29/33", "6.50", "—", "0.123", "250", "301"],
    ]);
    assertNothingExecuted(o, "hardware table");
  });

  test("a model skipped because it did not fit shows its reason, as text, in the overview", async () => {
    const reason = "does not fit: needs ~44.0 GB (22.0 GB VRAM + 22.0 GB RAM), 24.0 GB VRAM and 12.0 GB RAM free <img src=x onerror=window.__pbXss='skip'>";
    const base = { field: "city", n_total: 2, runtime_s: 0, tokens_in: 0, tokens_out: 0, tokens_per_sec: 0 };
    const rows: MetricsRow[] = [{ ...base, model: "big", n_valid: 0, skipped: reason }, { ...base, model: "small", n_valid: 2, runtime_s: 1 }];
    const metricsFile = join(dir, "skipped.extract.metrics.csv");
    writeFileSync(metricsFile, formatMetricsCsv(rows));
    assert.ok(await vscode.commands.executeCommand(CommandIds.openResults, vscode.Uri.file(metricsFile)));
    const o = await api.resultsPanel.domSummary({ tab: "overview" });
    assert.deepEqual(o.skippedTexts, [`big was skipped: ${reason}. Its rows stay empty; rerun with more free memory to run it.`, `skipped: ${reason}`]);
    assertNothingExecuted(o, "skipped reason");
  });

  test("the performance table shows reasoning tokens when a model has them, and no such column otherwise", async () => {
    const base = { field: "city", n_total: 2, n_valid: 2, runtime_s: 4, tokens_in: 100, tokens_out: 900, tokens_per_sec: 225 };
    const thinking = join(dir, "thinking.extract.metrics.csv");
    writeFileSync(thinking, formatMetricsCsv([{ ...base, model: "qwq-32b", tokens_reasoning: 750 }, { ...base, model: "qwen2.5-7b" }]));
    assert.ok(await vscode.commands.executeCommand(CommandIds.openResults, vscode.Uri.file(thinking)));
    const o = await api.resultsPanel.domSummary({ tab: "overview" });
    const at = o.perfHeader?.indexOf("Reasoning tokens") ?? -1;
    assert.ok(at > 0, JSON.stringify(o.perfHeader));
    assert.deepEqual(o.perfRows?.map((r) => [r[0], r[at]]), [["qwq-32b", "750"], ["qwen2.5-7b", "—"]]);
    const plain = join(dir, "plain.extract.metrics.csv");
    writeFileSync(plain, formatMetricsCsv([{ ...base, model: "qwen2.5-7b" }]));
    assert.ok(await vscode.commands.executeCommand(CommandIds.openResults, vscode.Uri.file(plain)));
    const p = await api.resultsPanel.domSummary({ tab: "overview" });
    assert.ok(p.perfHeader?.includes("Tokens out") && !p.perfHeader.includes("Reasoning tokens"), JSON.stringify(p.perfHeader));
  });

  test("the Plots tab draws the seven kinds of plot with plotly.js under the CSP (untrusted model names too)", async () => {
    // A metrics CSV with values everywhere (the random test model leaves quality metrics empty) and a model name
    // carrying a payload: plotly parses some HTML in text, so names must reach it escaped.
    const evil = "<img src=x onerror=window.__pbXss='plot'>";
    const header = "model,field,n_total,n_valid,rouge1,rouge2,rougeL,bleu,chrf,bertscore_f1,exact_match,runtime_s,tokens_in,tokens_out,tokens_per_sec";
    const lines = [header];
    for (const [i, model] of ["qwen2.5-7b", "llama3.1-8b", evil].entries()) {
      for (const field of ["city", "name"]) {
        lines.push([model, field, 10, 10 - i, 0.8 - i / 10, 0.5, 0.7, 40 + i, 55 - i, "", 60 + i * 5, 12.5 + i, 1000, 200 + i, (200 + i) / (12.5 + i)].map((v) => (String(v).includes(",") || String(v).includes('"') ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(","));
      }
    }
    const metricsFile = join(dir, "crafted.extract.metrics.csv");
    writeFileSync(metricsFile, `${lines.join("\n")}\n`);
    const shown = await vscode.commands.executeCommand<{ metrics: Parameters<typeof plotNames>[0] } | undefined>(CommandIds.openResults, vscode.Uri.file(metricsFile));
    assert.ok(shown);
    const s = await api.resultsPanel.domSummary({ tab: "plots" });
    await screenshot("panel-plots");
    assert.equal(s.tab, "plots");
    const expected = plotNames(shown.metrics);
    for (const kind of ["quality_city", "heatmap_city", "validation_rate_city", "radar_city", "runtime", "tokens", "throughput"]) {
      assert.ok(expected.includes(`${kind}.png`), `core/plots builds ${kind}`);
    }
    assert.deepEqual(s.plots.map((p) => p.name), expected);
    for (const p of s.plots) assert.ok(p.svgs > 0 && p.texts > 0, `${p.name} was drawn: ${JSON.stringify(p)}`);
    assertNothingExecuted(s, "plots");
    // The overview shows the payload name as text as well, and marks the best values (higher is better).
    const o = await api.resultsPanel.domSummary({ tab: "overview" });
    assert.ok(o.overviewRows.some((r) => r[0] === evil));
    const bestOf = (col: string) => o.best.filter((b) => b.col === col).map((b) => `${b.model}/${b.field}`).sort();
    assert.deepEqual(bestOf("chrf"), ["qwen2.5-7b/city", "qwen2.5-7b/name"]);
    assert.deepEqual(bestOf("bleu"), [`${evil}/city`, `${evil}/name`]);
    assert.deepEqual(bestOf("rouge2"), [], "all equal: nothing marked");
    assertNothingExecuted(o, "overview of crafted metrics");

    // Export plots writes the shown results' PNGs (seed names) and report.html.
    const plotsDir = join(dir, "exported-plots");
    const exported = await vscode.commands.executeCommand<{ reportFile: string; pngFiles: string[]; skipped?: string }>(CommandIds.exportPlots, { dir: plotsDir });
    assert.ok(exported, "export returned its result");
    assert.equal(exported.skipped, undefined, `PNGs rendered (Chromium is installed by the test setup): ${exported.skipped}`);
    assert.deepEqual(exported.pngFiles.map((f) => basename(f)), expected);
    for (const file of exported.pngFiles) assert.deepEqual([...readFileSync(file).subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], `${file} is a PNG`);
    assert.match(readFileSync(exported.reportFile, "utf8"), /^<!DOCTYPE html>/);
  });

  test("a panel restored after a reload (serializer) shows the run from its files", async () => {
    const shown = await vscode.commands.executeCommand<ResultsMessage | undefined>(CommandIds.openResults, vscode.Uri.file(summary.metricsFile!));
    assert.ok(shown);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    assert.equal(api.resultsPanel.isOpen(), false);
    // The state the webview saved names the run's files; its metrics are stale and must be re-read from them.
    const panel = vscode.window.createWebviewPanel("promptBench.results", "Prompt Bench results", vscode.ViewColumn.One, { enableScripts: true });
    await api.resultsPanel.restore(panel, { results: { ...shown, metrics: [] }, tab: "rows" });
    assert.ok(api.resultsPanel.isOpen());
    const s = await api.resultsPanel.domSummary({ tab: "overview" });
    assert.equal(s.overviewRows.length, summary.metrics.length, "metrics re-read from the metrics CSV");
    const rows = await api.resultsPanel.domSummary({ tab: "rows", filter: "all" });
    assert.equal(rows.rowsTotal, PAYLOADS.length);
    assertNothingExecuted(rows, "restored panel");
  });
});
