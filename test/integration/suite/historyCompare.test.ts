// The panel's History and Compare tabs in the real host (issue 12): two runs of the tiny test model with different
// prompts are recorded in the SQLite history; the History tab lists them newest first with their headline metrics
// and draws each metric over time; picking two opens their comparison; prompt-bench.compareRuns computes it and the
// Compare tab shows the deltas with CI error bars, significance, and the changed rows with the differing words
// highlighted. Predictions carrying HTML/JS payloads render as text. Everything is read from the webview's DomSummary.
import * as assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import * as vscode from "vscode";
import type { Comparison } from "../../../src/core/compare/comparison";
import { newRunId } from "../../../src/core/history/runId";
import { formatMetricsCsv } from "../../../src/core/metrics/metricsCsv";
import type { MetricsRow, RunSummary } from "../../../src/core/runner/options";
import { CommandIds } from "../../../src/extension/commandIds";
import type { PromptBenchApi } from "../../../src/extension/extension";
import type { DomSummary } from "../../../src/shared/protocol";
import { SqliteHistory } from "../../../src/storage/sqlite/sqliteHistory";
import { assertNothingExecuted, EXTENSION_ID, workspaceDir } from "../helpers";

const PAYLOAD_A = "<img src=x onerror=\"window.__pbXss = 'compare'\">";
const PAYLOAD_B = "<script>window.__pbXss = 'diff'</script> Berlin";
const PAYLOAD_ERROR = "<svg onload=\"window.__pbXss = 'error'\"></svg> no JSON object found";
const PAYLOAD_PROMPT = "<iframe srcdoc=\"<script>parent.__pbXss = 1</script>\"></iframe> Extract";

/** A screenshot with the side bars closed (the panel gets the window's width); they are reopened after. */
async function screenshot(api: PromptBenchApi, name: string, scrollTo?: string): Promise<void> {
  const run = (command: string) => vscode.commands.executeCommand(command).then(undefined, () => undefined);
  await run("workbench.action.closeSidebar");
  await run("workbench.action.closeAuxiliaryBar");
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await api.resultsPanel.domSummary({ ...(scrollTo && { scrollTo }) });
  console.log(`[screenshot] ${name}`);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await run("workbench.action.toggleSidebarVisibility");
  await run("workbench.action.toggleAuxiliaryBar");
  await api.resultsPanel.domSummary({ scrollTo: "app" });
}

/** Asks for DOM summaries until `ok` holds (the webview answers asynchronously); a hang guard, not a timing check. */
async function summaryUntil(api: PromptBenchApi, options: Parameters<PromptBenchApi["resultsPanel"]["domSummary"]>[0], ok: (s: DomSummary) => boolean, what: string): Promise<DomSummary> {
  let last: DomSummary | undefined;
  for (let i = 0; i < 120; i++) {
    last = await api.resultsPanel.domSummary(options);
    if (ok(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  assert.fail(`${what}; last summary: ${JSON.stringify(last)}`);
}

const fmt = (v: number | null | undefined, digits: number, sign = false) => (typeof v === "number" && Number.isFinite(v) ? `${sign && v > 0 ? "+" : ""}${v.toFixed(digits)}` : "—");
const words = (t: string) => t.split(/\s+/).filter(Boolean);

suite("History and Compare tabs", () => {
  let api: PromptBenchApi;
  const config = () => vscode.workspace.getConfiguration("promptBench");
  const touched = ["models", "threads", "maxNewTokens", "constrainedDecoding", "historyFile"] as const;
  let dir: string;
  let historyFile: string;
  let summaries: RunSummary[];
  /** Run ids, oldest first: the two benchmark runs, then a hand-recorded copy of the second with hostile predictions. */
  let ids: string[];

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<PromptBenchApi>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    const modelPath = process.env.PROMPT_BENCH_TEST_MODEL ?? "";
    assert.ok(modelPath && existsSync(modelPath), "PROMPT_BENCH_TEST_MODEL must point at the generated test GGUF");
    dir = mkdtempSync(join(tmpdir(), "pb-it-compare-"));
    historyFile = join(dir, "history.sqlite");
    await config().update("models", [{ name: "tiny", path: modelPath }], vscode.ConfigurationTarget.Global);
    await config().update("threads", 1, vscode.ConfigurationTarget.Global);
    await config().update("maxNewTokens", 48, vscode.ConfigurationTarget.Global);
    // The JSON grammar makes the random model's outputs valid, so both runs have scores to compare.
    await config().update("constrainedDecoding", true, vscode.ConfigurationTarget.Global);
    await config().update("historyFile", historyFile, vscode.ConfigurationTarget.Global);

    const csvFile = join(dir, "letters.csv");
    copyFileSync(join(workspaceDir(), "letters.csv"), csvFile);
    const original = readFileSync(join(workspaceDir(), "extract.prompt.txt"), "utf8");
    // Two prompts (two files: each run keeps its own results CSV), worded differently so the outputs differ.
    const prompts = [
      ["extract.prompt.txt", original],
      ["extract-v2.prompt.txt", original.replace("Extract the patient's name and the city of the clinic", "Which city is the clinic in, and what is the patient called? Read")],
    ];
    summaries = [];
    for (const [name, text] of prompts) {
      const promptFile = join(dir, name!);
      writeFileSync(promptFile, text!);
      const summary = await vscode.commands.executeCommand<RunSummary | undefined>(CommandIds.benchmarkPrompt, vscode.Uri.file(promptFile), { csvFile, models: ["tiny"], silent: true });
      assert.ok(summary, `the run of ${name} returned no summary`);
      summaries.push(summary);
    }
    const store = new SqliteHistory(historyFile);
    const listed = await store.list();
    assert.equal(listed.length, 2, "both runs were recorded");
    ids = listed.map((r) => r.id).reverse();

    // A third run, recorded by hand: the second with hostile predictions, an error and a hostile prompt.
    const second = await store.get(ids[1]!);
    assert.ok(second);
    const hostile = structuredClone(second);
    hostile.id = newRunId(new Date(Date.parse(second.startedAt) + 60_000));
    hostile.startedAt = new Date(Date.parse(second.startedAt) + 60_000).toISOString();
    hostile.prompt = { ...hostile.prompt, text: `${PAYLOAD_PROMPT}\n${hostile.prompt.text}` };
    const fields = hostile.fields;
    const [row0, row1] = hostile.rows.filter((r) => r.model === "tiny");
    assert.ok(row0 && row1 && fields.length >= 2);
    row0.predictions = { [fields[0]!]: PAYLOAD_A, [fields[1]!]: PAYLOAD_B };
    row0.raw = JSON.stringify(row0.predictions);
    row0.valid = true;
    row1.valid = false;
    row1.error = PAYLOAD_ERROR;
    await store.record(hostile);
    ids.push(hostile.id);
  });

  suiteTeardown(async () => {
    for (const key of touched) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  test("History lists the runs newest first with their headline metrics, and draws each metric over time", async () => {
    await vscode.commands.executeCommand(CommandIds.showHistory);
    const all = await summaryUntil(api, { tab: "history", historyScope: "all" }, (s) => (s.historyRuns?.length ?? 0) === 3, "the History tab lists the three runs");
    assert.equal(all.tab, "history");
    assert.deepEqual(all.historyRuns!.map((r) => r.id), [...ids].reverse(), "newest first");
    assert.match(all.historyNote ?? "", /history\.sqlite/);
    const listed = await new SqliteHistory(historyFile).list();
    for (const [i, run] of all.historyRuns!.entries()) {
      const headline = listed[i]!.models[0]!;
      // Columns: compare box, started, status, prompt, dataset, models, chrF++, exact match, valid.
      assert.equal(run.texts[2], "completed");
      assert.equal(run.texts[4], "letters.csv (5 rows)");
      assert.equal(run.texts[5], "tiny");
      assert.equal(run.texts[6], fmt(headline.chrf, 1), `chrF++ of ${run.id}`);
      assert.equal(run.texts[8], headline.validRate === undefined ? "—" : `${(headline.validRate * 100).toFixed(0)}%`, `valid share of ${run.id}`);
    }
    assert.ok(all.historyRuns![0]!.texts[3]!.includes(PAYLOAD_PROMPT), "a hostile prompt line is shown as text");
    // One line per model (one here) with a point per run that has the metric.
    const plots = all.historyPlots ?? [];
    assert.ok(plots.some((p) => p.name === "history_chrf.png"), JSON.stringify(plots));
    for (const p of plots) {
      assert.ok(p.svgs > 0 && p.texts > 0, `${p.name} was drawn: ${JSON.stringify(p)}`);
      assert.equal(p.traces, 1, `${p.name}: one line (model tiny)`);
    }
    assert.equal(plots.find((p) => p.name === "history_chrf.png")!.points, listed.filter((r) => typeof r.models[0]!.chrf === "number").length);
    assertNothingExecuted(all, "history");
    await screenshot(api, "panel-history", "history-note");

    // "This prompt and dataset": the shown run is the second prompt's, so its run and the hand-recorded copy.
    const scoped = await api.resultsPanel.domSummary({ tab: "history", historyScope: "this" });
    assert.deepEqual(scoped.historyRuns!.map((r) => r.id), [ids[2], ids[1]]);
  });

  test("prompt-bench.compareRuns shows the deltas with CI error bars, significance and the changed rows' word diff", async () => {
    const comparisons = await vscode.commands.executeCommand<Comparison[]>(CommandIds.compareRuns, { historyFile, a: ids[0], b: ids[1] });
    assert.equal(comparisons.length, 1);
    const c = comparisons[0]!;
    assert.equal(c.a.id, ids[0]);
    assert.equal(c.b.id, ids[1]);
    const s = await summaryUntil(api, { tab: "compare" }, (x) => x.compareSides?.join() === `${ids[0]},${ids[1]}`, "the Compare tab shows the two runs");
    await screenshot(api, "panel-compare", "compare-sides");
    await screenshot(api, "panel-compare-rows", "changed-rows");
    console.log(`[compare] ${JSON.stringify(c.models.map((m) => m.fields.map((f) => f.metrics.map((x) => [f.field, x.metric, x.a.score, x.b.score, x.delta, x.deltaLow, x.deltaHigh, x.p]))))}`);
    assert.equal(s.tab, "compare");
    // One table row per model × field × metric, with A, B, Δ, its CI, p and the verdict.
    const metrics = c.models.flatMap((m) => m.fields.flatMap((f) => f.metrics.map((x) => ({ ...x, model: m.model, field: f.field }))));
    assert.ok(metrics.length > 0, "the runs have metrics to compare");
    assert.equal(s.compareMetrics!.length, metrics.length);
    for (const [i, m] of metrics.entries()) {
      const cells = s.compareMetrics![i]!;
      assert.equal(cells[0], m.model);
      assert.equal(cells[1], m.field);
      assert.ok(cells[2]!.startsWith(m.metric));
      const digits = /^(rouge|wer|cer|mer|wil|bertscore)/i.test(m.metric) ? 4 : 2;
      assert.equal(cells[5], fmt(m.delta, digits, true), `Δ of ${m.metric}`);
      assert.equal(cells[6], `[${fmt(m.deltaLow, digits, true)}, ${fmt(m.deltaHigh, digits, true)}]`, `CI of ${m.metric}`);
      const better = m.lowerIsBetter ? m.delta < 0 : m.delta > 0;
      assert.equal(cells[8], m.significant ? (better ? "▲ better" : "▼ worse") : "n.s.", `significance of ${m.metric}`);
    }
    // The chart: a dot and an error bar per delta with a number.
    const drawn = metrics.filter((m) => Number.isFinite(m.delta)).length;
    assert.ok(s.compareChart && s.compareChart.svgs > 0, JSON.stringify(s.compareChart));
    assert.equal(s.compareChart.points, drawn, "one dot per delta");
    assert.equal(s.compareChart.errorBars, drawn, "one error bar per delta");
    // Measures: validity, latency, tokens/s (cost only with prices).
    const measures = c.models.flatMap((m) => m.measures);
    assert.equal(s.compareMeasures!.length, measures.length);
    assert.ok(s.compareMeasures!.some((r) => r[1]!.startsWith("valid rows")), JSON.stringify(s.compareMeasures));
    // Changed rows: both outputs side by side, the words only on one side highlighted.
    const changed = c.models.flatMap((m) => m.changedRows.map((r) => ({ ...r, model: m.model })));
    assert.ok(changed.length > 0, "the differently worded prompts changed some output");
    assert.deepEqual(s.changedRows!.map((r) => [r.model, r.row, r.change]), changed.map((r) => [r.model, r.row, r.change]));
    for (const [i, row] of changed.entries()) {
      const shown = s.changedRows![i]!;
      const fields = [...new Set([...Object.keys(row.expected), ...Object.keys(row.predictionsA), ...Object.keys(row.predictionsB)])];
      assert.equal(shown.a, fields.map((f) => row.predictionsA[f] ?? "").join("\n"));
      assert.equal(shown.b, fields.map((f) => row.predictionsB[f] ?? "").join("\n"));
      const aWords = new Set(words(shown.a));
      const bWords = new Set(words(shown.b));
      for (const w of shown.removed.flatMap(words)) assert.ok(aWords.has(w), `removed word ${w} is A's`);
      for (const w of shown.added.flatMap(words)) assert.ok(bWords.has(w), `added word ${w} is B's`);
      if (shown.a !== shown.b && words(shown.a).join(" ") !== words(shown.b).join(" ")) assert.ok(shown.removed.length + shown.added.length > 0, `row ${row.row}: differing words highlighted`);
    }
    assert.deepEqual(s.compareOptions, [], "one comparison: no selector");
    assertNothingExecuted(s, "compare");
  });

  test("picking two runs in the History tab opens their comparison; several comparisons get a selector", async () => {
    await api.resultsPanel.domSummary({ tab: "history", historyScope: "all", pickRuns: [ids[1]!, ids[0]!] });
    await summaryUntil(api, {}, (x) => x.tab === "compare" && x.compareSides?.join() === `${ids[0]},${ids[1]}`, "the picked runs are compared, the older as A");

    const comparisons = await vscode.commands.executeCommand<Comparison[]>(CommandIds.compareRuns, { historyFile, a: ids[0], b: [ids[1], ids[2]] });
    assert.deepEqual(comparisons.map((c) => c.b.id), [ids[1], ids[2]]);
    const first = await summaryUntil(api, { tab: "compare" }, (x) => (x.compareOptions?.length ?? 0) === 2, "a selector with both comparisons");
    assert.deepEqual(first.compareSides, [ids[0], ids[1]]);
    const second = await api.resultsPanel.domSummary({ tab: "compare", comparisonIndex: 1 });
    assert.deepEqual(second.compareSides, [ids[0], ids[2]]);
  });

  test("hostile predictions and errors in a comparison render as text; nothing executes", async () => {
    await vscode.commands.executeCommand<Comparison[]>(CommandIds.compareRuns, { historyFile, a: ids[1], b: "latest" });
    const s = await summaryUntil(api, { tab: "compare" }, (x) => x.compareSides?.join() === `${ids[1]},${ids[2]}`, "latest resolves to the hand-recorded run");
    const texts = (s.changedRows ?? []).flatMap((r) => [r.b, ...r.added]);
    assert.ok(texts.some((t) => t.includes(PAYLOAD_A)), `the img payload is shown as text: ${JSON.stringify(s.changedRows)}`);
    assert.ok(texts.some((t) => t.includes("<script>window.__pbXss")), "the script payload is shown as text");
    assert.ok(s.changedRows!.some((r) => r.change === "newly-invalid"), "the row made invalid is listed");
    assertNothingExecuted(s, "hostile comparison");
  });

  test("a side can be a tag (prompt-bench tag RUN baseline), as in the CLI", async () => {
    await new SqliteHistory(historyFile).setTag!("baseline", ids[0]!);
    const comparisons = await vscode.commands.executeCommand<Comparison[]>(CommandIds.compareRuns, { historyFile, a: "baseline", b: ids[1] });
    assert.equal(comparisons[0]!.a.id, ids[0], "the tag names the first run");
    assert.equal(comparisons[0]!.a.label, "baseline");
    await new SqliteHistory(historyFile).deleteTag!("baseline");
  });

  test("a run name the history does not have gets a clear message, in the Compare tab too", async () => {
    await assert.rejects(
      () => Promise.resolve(vscode.commands.executeCommand(CommandIds.compareRuns, { historyFile, a: "19990101", b: "latest" })),
      (error: Error) => error.message.includes('"19990101" is no run, tag or file') && error.message.includes(historyFile) && error.message.includes(ids[2]!),
    );
    const s = await summaryUntil(api, { tab: "compare" }, (x) => x.compareError !== undefined, "the Compare tab shows the error");
    assert.match(s.compareError!, /"19990101" is no run, tag or file: .*history\.sqlite/);
    await assert.rejects(() => Promise.resolve(vscode.commands.executeCommand(CommandIds.compareRuns, { a: 42 })), /prompt-bench\.compareRuns takes \{ historyFile\?: string; a: string; b: string \| string\[\] \}/);
  });

  test("the overview shows each score's 95% interval and marks models that tie with the best", async () => {
    // The real run's metrics: an interval wherever the CSV has one.
    const real = parse(readFileSync(summaries[1]!.metricsFile!, "utf8"), { columns: true }) as Record<string, string>[];
    assert.ok(await vscode.commands.executeCommand(CommandIds.openResults, vscode.Uri.file(summaries[1]!.metricsFile!)));
    const r = await api.resultsPanel.domSummary({ tab: "overview" });
    assert.ok(real.some((x) => x.chrf_ci_low !== ""), "the run's metrics CSV has chrF++ intervals");
    for (const row of real.filter((x) => x.chrf_ci_low !== "" && x.chrf !== "")) {
      const shown = r.intervals!.find((i) => i.col === "chrf" && i.model === row.model && i.field === row.field);
      assert.ok(shown, `chrF++ interval of ${row.model}/${row.field}: ${JSON.stringify(r.intervals)}`);
      assert.equal(shown.text, `±${((Number(row.chrf_ci_high) - Number(row.chrf_ci_low)) / 2).toFixed(2)}`);
    }
    // A crafted file: two models share rank 1 (no significant difference), the third is ranked 3.
    const base = { field: "city", n_total: 100, n_valid: 100, runtime_s: 1, tokens_in: 10, tokens_out: 10, tokens_per_sec: 10 };
    const rows: MetricsRow[] = [
      { ...base, model: "a", chrf: 54.2, chrf_ci_low: 52.9, chrf_ci_high: 55.5, bleu: 30, bleu_ci_low: 28, bleu_ci_high: 33, rank: 1 },
      { ...base, model: "b", chrf: 53.8, chrf_ci_low: 52.1, chrf_ci_high: 55.3, rank: 1 },
      { ...base, model: "<b onmouseover=alert(1)>c</b>", chrf: 40, chrf_ci_low: 38, chrf_ci_high: 42, rank: 3 },
    ];
    const metricsFile = join(dir, "ties.extract.metrics.csv");
    writeFileSync(metricsFile, formatMetricsCsv(rows));
    assert.ok(await vscode.commands.executeCommand(CommandIds.openResults, vscode.Uri.file(metricsFile)));
    const o = await api.resultsPanel.domSummary({ tab: "overview" });
    assert.deepEqual(o.ranks!.map((x) => [x.model, x.text]), [["a", "=1"], ["b", "=1"], ["<b onmouseover=alert(1)>c</b>", "3"]]);
    assert.match(o.ranks![0]!.title, /tied with b/);
    const chrf = o.intervals!.filter((i) => i.col === "chrf").map((i) => [i.model, i.text]);
    assert.deepEqual(chrf, [["a", "±1.30"], ["b", "±1.60"], ["<b onmouseover=alert(1)>c</b>", "±2.00"]]);
    assert.match(o.intervals!.find((i) => i.col === "chrf" && i.model === "a")!.title, /95% CI 52\.90–55\.50/);
    assert.deepEqual(o.intervals!.filter((i) => i.col === "bleu").map((i) => i.text), ["±2.50"]);
    // The value cells keep their plain numbers (what the overview test reads).
    const chrfAt = o.overviewHeader.indexOf("chrF++");
    assert.deepEqual(o.overviewRows.map((cells) => cells[chrfAt]), ["54.20", "53.80", "40.00"]);
    assertNothingExecuted(o, "overview with intervals");
  });
});
