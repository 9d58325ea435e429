// `npm run build && node scripts/bench-stats.mjs`: what the metrics CSV's bootstrap intervals (issue 12) cost.
// Times computeMetrics on a synthetic results table with and without the intervals (1,000 resamples, the
// default), side by side, for 10,000 and 100,000 rows (BENCH_STATS_ROWS="10000,100000" picks the sizes).
// Table: 2 models × 2 fields — a short extraction value (2–4 words) and a sentence (20 words) — with 90% of the
// rows valid and predictions that keep ~70% of the reference's words; every metric of the CSV is computed.
// Then what `compare` will need per model × field: the paired bootstrap of all 12 text metrics plus validity,
// latency p50/p95 and tokens/s between two runs (here model-a against model-b on the sentence field).
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "..", "..");
const compiled = join(root, "out", "src", "core");
if (!existsSync(compiled)) {
  console.error('out/ is missing: run "npm run build" first');
  process.exit(1);
}
const require = createRequire(import.meta.url);
const { computeMetrics } = require(join(compiled, "metrics", "computeMetrics.js"));
const stats = require(join(compiled, "stats", "index.js"));
const { METRIC_IDS } = require(join(compiled, "metrics", "textMetric.js"));
const { DEFAULT_SCORE_OPTIONS } = require(join(compiled, "metrics", "scoreOptions.js"));
const { mulberry32 } = stats;

const MODELS = ["model-a", "model-b"];
const FIELDS = { value: [2, 4], sentence: [20, 20] };
const sizes = (process.env.BENCH_STATS_ROWS ?? "10000,100000").split(",").map(Number);

function table(rows) {
  const random = mulberry32(rows);
  const vocab = Array.from({ length: 5000 }, (_, i) => `wort${i}`);
  const word = () => vocab[Math.floor(random() * random() * vocab.length)]; // frequent words more often
  const data = [];
  for (let i = 0; i < rows; i++) {
    const row = {};
    for (const [field, [min, max]] of Object.entries(FIELDS)) {
      const ref = Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, word);
      row[field] = ref.join(" ");
      for (const model of MODELS) row[`pred_${model}_${field}`] = ref.map((w) => (random() < 0.7 ? w : word())).join(" ");
    }
    for (const model of MODELS) {
      row[`raw_${model}__valid`] = String(random() < 0.9);
      row[`raw_${model}__seconds`] = (0.2 + random()).toFixed(3);
      row[`raw_${model}__tokens_out`] = "30";
    }
    data.push(row);
  }
  return { rowCount: rows, get: (row, column) => data[row][column] ?? "" };
}

function time(fn) {
  const start = process.hrtime.bigint();
  const out = fn();
  return [Number(process.hrtime.bigint() - start) / 1e9, out];
}

console.log(`node ${process.version}, ${MODELS.length} models × ${Object.keys(FIELDS).length} fields, 1,000 resamples`);
console.log("rows     | metrics without CIs | with CIs + rank | CI cost  | CI cost per row | a run the CIs add ≤ 5% to");
for (const rows of sizes) {
  const view = table(rows);
  const [plain, a] = time(() => computeMetrics(view, Object.keys(FIELDS), MODELS, undefined, {}, false));
  const [withCi, b] = time(() => computeMetrics(view, Object.keys(FIELDS), MODELS));
  a.forEach((row, k) => {
    if (row.chrf !== b[k].chrf || row.bleu !== b[k].bleu) throw new Error(`scores differ: ${row.model} ${row.field}`);
  });
  const extra = withCi - plain;
  console.log(
    `${String(rows).padEnd(8)} | ${plain.toFixed(1).padStart(17)} s | ${withCi.toFixed(1).padStart(13)} s | ${extra.toFixed(1).padStart(6)} s | ` +
      `${((extra / rows) * 1e3).toFixed(3).padStart(11)} ms | ≥ ${(extra * 20).toFixed(0)} s, i.e. ≤ ${(rows / (extra * 20)).toFixed(0)} rows/s`,
  );
}

console.log("\nrows     | paired bootstrap, 12 text metrics + validity, latency p50/p95, tokens/s (sentence field, A vs B)");
for (const rows of sizes) {
  const view = table(rows);
  const column = (name) => Array.from({ length: rows }, (_, i) => view.get(i, name));
  const refs = column("sentence");
  const side = (model) => {
    const valid = column(`raw_${model}__valid`).map((v) => v === "true");
    const seconds = column(`raw_${model}__seconds`).map(Number);
    return [
      ...stats.metricStatistics(METRIC_IDS, column(`pred_${model}_sentence`), [refs], DEFAULT_SCORE_OPTIONS, valid),
      stats.validityStatistic(valid),
      stats.latencyStatistic(seconds, 50),
      stats.latencyStatistic(seconds, 95),
      stats.tokensPerSecondStatistic(column(`raw_${model}__tokens_out`).map(Number), seconds),
    ];
  };
  const [prepare, [a, b]] = time(() => [side("model-a"), side("model-b")]);
  const [boot] = time(() => stats.pairedBootstrap(a.map((s, k) => ({ a: s, b: b[k] }))));
  console.log(`${String(rows).padEnd(8)} | per-row statistics ${prepare.toFixed(1)} s + 1,000 resamples ${boot.toFixed(1)} s = ${(prepare + boot).toFixed(1)} s`);
}
