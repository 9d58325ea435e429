// `npm run bench` (after `npm run build`): the pipeline alone, inference skipped — peak RSS for 1,000 vs 100,000
// rows and the cost per row of everything around inference (CSV read, prompt rendering, output validation, journal,
// results rewrites, metrics). Each size runs in a fresh process that drives the real runBenchmark with a
// PIPELINE-ONLY engine: it answers instantly, without a model, from a marker in the prompt, so what is measured
// is Prompt Bench's own work. Rows: German clinical letters from examples/letters.csv (two or three per row,
// ~1.2–1.8 KB of source), 4 target fields, 2 models. BENCH_PIPELINE_ROWS="1000,100000" picks the sizes.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "..", "..");
const compiled = join(root, "out", "src");
if (!existsSync(compiled)) {
  console.error('out/ is missing: run "npm run build" first');
  process.exit(1);
}
const require = createRequire(import.meta.url);
const core = (path) => require(join(compiled, "core", path));
const { parseCsv } = core("csv/read.js");
const { formatRow } = core("csv/write.js");

const FIELDS = ["patient_name", "first_date", "city", "case_number"];
const MODELS = ["pipeline-a", "pipeline-b"];
const TEMPLATE = `You extract structured data from German clinical discharge letters.
Answer with one JSON object and nothing else, with exactly these keys:
{"patient_name": "...", "first_date": "...", "city": "...", "case_number": "..."}

Letter:
{source}
`;

const letters = (() => {
  const file = join(root, "examples", "letters.csv");
  const table = parseCsv(readFileSync(file), file);
  const at = (name) => table.columns.indexOf(name);
  return table.records.map((r) => ({ source: r.values[at("source")], city: r.values[at("city")], first_date: r.values[at("first_date")], patient_name: r.values[at("patient_name")] }));
})();

/** Row i: letters i, i+7 (and i+19 for every third row), ending in the row's case number. */
function rowOf(i) {
  const first = letters[i % letters.length];
  const parts = [first.source, letters[(i + 7) % letters.length].source];
  if (i % 3 === 0) parts.push(letters[(i + 19) % letters.length].source);
  const caseNumber = `Fall-Nr. ${i}`;
  return { source: `${parts.join("\n\n")}\n${caseNumber}`, targets: { patient_name: first.patient_name, first_date: first.first_date, city: first.city, case_number: caseNumber } };
}

function writeInput(file, rows) {
  const fd = openSync(file, "w");
  let chunk = [formatRow(["source", ...FIELDS])];
  let sourceChars = 0;
  for (let i = 0; i < rows; i++) {
    const { source, targets } = rowOf(i);
    sourceChars += source.length;
    chunk.push(formatRow([source, ...FIELDS.map((f) => targets[f])]));
    if (chunk.length >= 2000) {
      writeSync(fd, chunk.join("\n") + "\n");
      chunk = [];
    }
  }
  if (chunk.length > 0) writeSync(fd, chunk.join("\n") + "\n");
  closeSync(fd);
  return sourceChars / rows;
}

/** Answers from the case number in the prompt: mostly right, every 9th row a wrong city, every 40th not JSON. */
function pipelineOnlyEngine() {
  return {
    id: "pipeline-only",
    async load(spec) {
      const skew = spec.name === MODELS[1] ? 1 : 0;
      return {
        spec,
        loadSeconds: 0,
        async generate(request) {
          const i = Number(/Fall-Nr\. (\d+)\s*$/.exec(request.prompt)?.[1] ?? 0);
          const { targets } = rowOf(i);
          const text = (i + skew) % 40 === 0 ? "Ich kann das nicht beantworten." : JSON.stringify({ ...targets, city: (i + skew) % 9 === 0 ? "Berlin" : targets.city });
          return { text, tokensIn: Math.round(request.prompt.length / 4), tokensOut: Math.round(text.length / 4), seconds: 0.001, ttftSeconds: 0.0005 };
        },
        async dispose() {},
      };
    },
    async dispose() {},
  };
}

const paths = (dir) => ({
  csvFile: join(dir, "letters.csv"),
  promptFile: join(dir, "extract.prompt.txt"),
  outputFile: join(dir, "letters.extract.results.csv"),
  metricsFile: join(dir, "letters.extract.metrics.csv"),
});

/** One measurement per process, so each peak RSS is its own. */
const MODES = {
  /** The run: read the CSV, render, "generate", validate, journal, rewrite the results, metrics. */
  async run(dir) {
    const { runBenchmark } = core("runner/runBenchmark.js");
    const p = paths(dir);
    const models = MODELS.map((name) => ({ name, tier: "custom", source: { kind: "file", path: p.csvFile } })); // the path only has to exist
    let saves = 0;
    const summary = await runBenchmark({
      ...p, models, engine: pipelineOnlyEngine(), maxNewTokens: 64, constrained: false, power: false,
      skipMetrics: process.env.BENCH_SKIP_METRICS === "1",
      onEvent: (e) => {
        if (e.type === "saved") saves++;
        // BENCH_TRACE=1: memory at each phase, to find what grows.
        if (process.env.BENCH_TRACE && (e.type !== "row-done" || e.rowsDone % 25000 === 0)) {
          const m = process.memoryUsage();
          console.error(`${e.type} ${e.rowsDone ?? ""}: rss ${(m.rss / 2 ** 20).toFixed(0)} heap ${(m.heapUsed / 2 ** 20).toFixed(0)}/${(m.heapTotal / 2 ** 20).toFixed(0)} ab ${(m.arrayBuffers / 2 ** 20).toFixed(0)} max ${(process.resourceUsage().maxRSS / 1024).toFixed(0)}`);
        }
      },
    });
    return { saves, failures: summary.failures.length, resultsBytes: statSync(p.outputFile).size };
  },
  /** `prompt-bench run --skip-inference` on the finished results: read them back, metrics. */
  async rescore(dir) {
    const { runBenchmark } = core("runner/runBenchmark.js");
    const p = paths(dir);
    await runBenchmark({ promptFile: "", csvFile: p.outputFile, outputFile: p.outputFile, metricsFile: join(dir, "rescored.metrics.csv"), models: [], maxNewTokens: 64, constrained: false, skipInference: true });
    return {};
  },
  /** The same with `--no-ci`: no bootstrap intervals or rank. */
  async rescoreNoCi(dir) {
    const { runBenchmark } = core("runner/runBenchmark.js");
    const p = paths(dir);
    await runBenchmark({ promptFile: "", csvFile: p.outputFile, outputFile: p.outputFile, metricsFile: join(dir, "rescored-no-ci.metrics.csv"), models: [], maxNewTokens: 64, constrained: false, skipInference: true, confidenceIntervals: false });
    return {};
  },
  /** The panel's Rows tab on the finished results: load, first page, the "failed" filter. */
  async panel(dir) {
    const { readInputTable } = core("results/inputTable.js");
    const { RowsSource } = core("results/rowsPage.js");
    let t = performance.now();
    const source = new RowsSource(await readInputTable(paths(dir).outputFile));
    const loadMs = performance.now() - t;
    t = performance.now();
    source.page(0, 50);
    const pageMs = performance.now() - t;
    t = performance.now();
    const failed = source.page(0, 50, "failed").total;
    return { loadMs, pageMs, failedMs: performance.now() - t, failed };
  },
  /** The parts that grow with the rows, timed one by one on the finished results. */
  async parts(dir) {
    const { readInputTable } = core("results/inputTable.js");
    const { ResultsStore } = core("results/resultsStore.js");
    const { computeMetrics } = core("metrics/computeMetrics.js");
    const p = paths(dir);
    let t = performance.now();
    const input = await readInputTable(p.outputFile);
    const readMs = performance.now() - t;
    t = performance.now();
    const store = ResultsStore.open(join(dir, "copy.results.csv"), input, FIELDS, MODELS);
    const openMs = performance.now() - t;
    t = performance.now();
    computeMetrics(store, FIELDS, MODELS);
    const metricsMs = performance.now() - t;
    t = performance.now();
    store.save();
    const saveMs = performance.now() - t;
    store.close();
    return { readMs, openMs, metricsMs, saveMs };
  },
};

async function child(mode, dir) {
  const started = performance.now();
  const result = await MODES[mode](dir);
  console.log(JSON.stringify({ ...result, ms: performance.now() - started, peakRss: process.resourceUsage().maxRSS * 1024 }));
}

function parent() {
  const sizes = (process.env.BENCH_PIPELINE_ROWS ?? "1000,100000").split(",").map(Number);
  console.log(`\nPipeline only (PIPELINE-ONLY engine: instant answers, no model), ${MODELS.length} models, ${FIELDS.length} fields, Node ${process.version}`);
  const results = [];
  for (const rows of sizes) {
    const dir = mkdtempSync(join(tmpdir(), "pb-bench-pipeline-"));
    try {
      const meanSource = writeInput(join(dir, "letters.csv"), rows);
      writeFileSync(join(dir, "extract.prompt.txt"), TEMPLATE);
      const inputBytes = statSync(join(dir, "letters.csv")).size;
      const measure = (mode) => {
        const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", mode, dir], { encoding: "utf8", maxBuffer: 1 << 24 });
        if (run.status !== 0) {
          console.error(run.stdout, run.stderr);
          process.exit(1);
        }
        return JSON.parse(run.stdout.trim().split("\n").pop());
      };
      const r = { rows, run: measure("run"), rescore: measure("rescore"), rescoreNoCi: measure("rescoreNoCi"), parts: measure("parts"), panel: measure("panel") };
      results.push(r);
      const perRow = (ms) => ((ms * 1000) / (rows * MODELS.length)).toFixed(0);
      const mib = (bytes) => (bytes / 2 ** 20).toFixed(0);
      console.log(
        `${String(rows).padStart(7)} rows: input ${(inputBytes / 1e6).toFixed(1)} MB (source ${meanSource.toFixed(0)} chars/row), results ${(r.run.resultsBytes / 1e6).toFixed(1)} MB; ` +
          `run ${(r.run.ms / 1000).toFixed(2)} s = ${perRow(r.run.ms)} µs per row and model (${r.run.saves} full rewrites, ${r.run.failures} invalid outputs), peak RSS ${mib(r.run.peakRss)} MiB; ` +
          `re-score (--skip-inference) ${(r.rescore.ms / 1000).toFixed(2)} s, peak RSS ${mib(r.rescore.peakRss)} MiB; ` +
          `with --no-ci ${(r.rescoreNoCi.ms / 1000).toFixed(2)} s, peak RSS ${mib(r.rescoreNoCi.peakRss)} MiB`,
      );
      const { readMs, openMs, saveMs, metricsMs } = r.parts;
      console.log(
        `${" ".repeat(13)}parts: read results CSV ${readMs.toFixed(0)} ms, open store ${openMs.toFixed(0)} ms, full rewrite ${saveMs.toFixed(0)} ms, metrics ${metricsMs.toFixed(0)} ms (${perRow(metricsMs)} µs per row and model)`,
      );
      const { loadMs, pageMs, failedMs, failed } = r.panel;
      console.log(
        `${" ".repeat(13)}panel Rows tab: load ${loadMs.toFixed(0)} ms, page of 50 ${pageMs.toFixed(0)} ms, "failed" filter ${failedMs.toFixed(0)} ms (${failed} rows), peak RSS ${mib(r.panel.peakRss)} MiB`,
      );
    } finally {
      if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    }
  }
  if (results.length >= 2) {
    const [small, large] = [results[0], results[results.length - 1]];
    const growth = (mode) => ((large[mode].peakRss - small[mode].peakRss) / 2 ** 20).toFixed(0);
    console.log(`peak RSS growth ${small.rows} → ${large.rows} rows: run ${growth("run")} MiB, re-score ${growth("rescore")} MiB (goal ≤ 150 MB)`);
  }
}

if (process.argv[2] === "--child") await child(process.argv[3], process.argv[4]);
else parent();
