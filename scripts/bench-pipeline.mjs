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

async function child(rows, dir) {
  const { runBenchmark } = core("runner/runBenchmark.js");
  const csvFile = join(dir, "letters.csv");
  const promptFile = join(dir, "extract.prompt.txt");
  const outputFile = join(dir, "letters.extract.results.csv");
  const metricsFile = join(dir, "letters.extract.metrics.csv");
  const models = MODELS.map((name) => ({ name, tier: "custom", source: { kind: "file", path: csvFile } })); // the path only has to exist
  let saves = 0;
  const started = performance.now();
  const summary = await runBenchmark({
    promptFile, csvFile, outputFile, metricsFile, models, engine: pipelineOnlyEngine(), maxNewTokens: 64, constrained: false, power: false,
    onEvent: (e) => {
      if (e.type === "saved") saves++;
    },
  });
  const runMs = performance.now() - started;
  const runRss = process.resourceUsage().maxRSS * 1024;
  // Re-scoring the finished results (what `prompt-bench run --skip-inference` does): read, store, metrics.
  const again = performance.now();
  await runBenchmark({ promptFile: "", csvFile: outputFile, outputFile, metricsFile: join(dir, "rescored.metrics.csv"), models: [], maxNewTokens: 64, constrained: false, skipInference: true });
  const rescoreMs = performance.now() - again;
  // Metrics alone, on the results read back (the share of the end-of-run work that grows with the rows).
  const { readInputTable } = core("results/inputTable.js");
  const { ResultsStore } = core("results/resultsStore.js");
  const { computeMetrics } = core("metrics/computeMetrics.js");
  let t = performance.now();
  const input = await readInputTable(outputFile);
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
  console.log(JSON.stringify({
    rows, runMs, runRss, rescoreMs, peakRss: process.resourceUsage().maxRSS * 1024, saves, failures: summary.failures.length,
    resultsBytes: statSync(outputFile).size, readMs, openMs, metricsMs, saveMs,
  }));
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
      const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", String(rows), dir], { encoding: "utf8", maxBuffer: 1 << 24 });
      if (run.status !== 0) {
        console.error(run.stdout, run.stderr);
        process.exit(1);
      }
      const r = JSON.parse(run.stdout.trim().split("\n").pop());
      results.push(r);
      const perRow = (ms) => ((ms * 1000) / (rows * MODELS.length)).toFixed(0);
      console.log(
        `${String(rows).padStart(7)} rows: input ${(inputBytes / 1e6).toFixed(1)} MB (source ${meanSource.toFixed(0)} chars/row), results ${(r.resultsBytes / 1e6).toFixed(1)} MB; ` +
          `run ${(r.runMs / 1000).toFixed(2)} s = ${perRow(r.runMs)} µs per row and model (${r.saves} saves, ${r.failures} invalid outputs); ` +
          `peak RSS run ${(r.runRss / 2 ** 20).toFixed(0)} MiB, with re-score ${(r.peakRss / 2 ** 20).toFixed(0)} MiB`,
      );
      console.log(
        `${" ".repeat(13)}parts: read CSV ${r.readMs.toFixed(0)} ms, open store ${r.openMs.toFixed(0)} ms, full rewrite ${r.saveMs.toFixed(0)} ms, metrics ${r.metricsMs.toFixed(0)} ms (${perRow(r.metricsMs)} µs per row and model); re-score run ${(r.rescoreMs / 1000).toFixed(2)} s`,
      );
    } finally {
      if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    }
  }
  if (results.length >= 2) {
    const [small, large] = [results[0], results[results.length - 1]];
    const growth = (large.peakRss - small.peakRss) / 2 ** 20;
    console.log(`peak RSS growth ${small.rows} → ${large.rows} rows: ${growth.toFixed(0)} MiB (goal ≤ 150 MB)`);
  }
}

if (process.argv[2] === "--child") await child(Number(process.argv[3]), process.argv[4]);
else parent();
