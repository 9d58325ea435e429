// `npm run bench`: times every text metric on 10,000 hypothesis/reference pairs (the 400 MTS-Dialog automatic
// summaries and their references, repeated 25 times), after `npm run build`. Prints ms per 1,000 segments.
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "..", "..");
const compiled = join(root, "out", "src", "core");
if (!existsSync(compiled)) {
  console.error('out/ is missing: run "npm run build" first');
  process.exit(1);
}
const require = createRequire(import.meta.url);
const { parseCsv } = require(join(compiled, "csv", "read.js"));
const { TEXT_METRICS } = require(join(compiled, "metrics", "registry.js"));
const { DEFAULT_SCORE_OPTIONS } = require(join(compiled, "metrics", "scoreOptions.js"));
const { METRIC_IDS } = require(join(compiled, "metrics", "textMetric.js"));

const file = join(root, "bench", "data", "MTS-Dialog-Automatic-Summaries-ValidationSet.csv");
const table = parseCsv(readFileSync(file), file);
const col = (name) => table.records.map((r) => r.values[table.columns.indexOf(name)]);
const baseHyps = col("Automatic Summary");
const baseRefs = col("Reference Summary");
const repeat = Number(process.env.BENCH_REPEAT ?? 25);
const hyps = Array.from({ length: repeat }, () => baseHyps).flat();
const refs = [Array.from({ length: repeat }, () => baseRefs).flat()];
const words = hyps.reduce((n, h) => n + h.split(/\s+/).length, 0) / hyps.length;

console.log(`${hyps.length} segment pairs (MTS-Dialog summaries, mean ${words.toFixed(0)} words per hypothesis), Node ${process.version}`);
console.log("metric        corpus ms   ms / 1,000 segments   (+ per-segment scores: ms / 1,000)");
let total = 0;
for (const id of METRIC_IDS) {
  const metric = TEXT_METRICS[id];
  metric.score(hyps.slice(0, 200), [refs[0].slice(0, 200)], DEFAULT_SCORE_OPTIONS, false); // warm up
  let started = performance.now();
  const score = metric.score(hyps, refs, DEFAULT_SCORE_OPTIONS, false).score;
  const corpusMs = performance.now() - started;
  started = performance.now();
  metric.score(hyps, refs, DEFAULT_SCORE_OPTIONS, true);
  const segmentMs = performance.now() - started;
  total += corpusMs;
  const per1k = (ms) => ((ms * 1000) / hyps.length).toFixed(1).padStart(8);
  console.log(`${id.padEnd(12)} ${corpusMs.toFixed(0).padStart(9)}   ${per1k(corpusMs)}              ${per1k(segmentMs)}      score ${score.toFixed(4)}`);
}
console.log(`all ${METRIC_IDS.length} metrics: ${total.toFixed(0)} ms for ${hyps.length} segments = ${((total * 1000) / hyps.length).toFixed(1)} ms per 1,000`);
