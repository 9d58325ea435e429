// `npm run bench:compare`: what `prompt-bench compare` costs on two 100k-row runs. Writes two results CSVs of one
// model over the same dataset (two short fields, rows made as scripts/bench-history.mjs makes them; B answers 8 %
// of rows differently and fails validation on other rows), records both in a SQLite history (collectRun +
// SqliteHistory.record, as a run does), then times `compare A B --json` end to end in a fresh CLI process
// (open the history, load both runs, pair the rows, 12 metrics × 2 fields + 4 measures on 1,000 paired
// resamples, changed rows, JSON out), and in-process the parts: loading both runs (get) and compareRuns.
// BENCH_COMPARE_ROWS=1000,100000 picks the sizes. Needs `npm run build` (uses out/ and dist/cli.js).
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(import.meta.url), "..", "..");
const require = createRequire(import.meta.url);
const { collectRun } = require(join(root, "out/src/core/history/collectRun.js"));
const { SqliteHistory } = require(join(root, "out/src/storage/sqlite/sqliteHistory.js"));
const { runVersions } = require(join(root, "out/src/core/history/versions.js"));
const { compareRuns } = require(join(root, "out/src/core/compare/index.js"));

const quote = (v) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const line = (cells) => cells.map((c) => quote(String(c))).join(",") + "\n";
const CITIES = ["Berlin", "Köln", "München", "Zürich"];
const HEADER = ["source", "city", "name", "pred_m_city", "pred_m_name", "raw_m", "raw_m__valid", "raw_m__error", "raw_m__tokens_in", "raw_m__tokens_out", "raw_m__seconds", "raw_m__ttft_s"];

/** One side's results CSV: `variant` 0 is bench-history's run; 1 answers every 13th row with the next city and fails every 7th. */
function writeSide(dir, rows, variant) {
  const output = join(dir, `people-${rows}.${variant === 0 ? "a" : "b"}.results.csv`);
  const out = [line(HEADER)];
  for (let i = 0; i < rows; i++) {
    const city = CITIES[i % CITIES.length];
    const name = `Person ${i}`;
    const source = `${name} lives in ${city}, says record ${i} of the register.`;
    const valid = variant === 0 ? i % 10 !== 0 : i % 7 !== 0;
    const said = variant === 1 && i % 13 === 0 ? CITIES[(i + 1) % CITIES.length] : city;
    const raw = valid ? JSON.stringify({ city: said, name }) : "Sorry, I cannot help.";
    const seconds = variant === 0 ? 0.21 + (i % 17) / 100 : 0.19 + (i % 23) / 100;
    out.push(line([source, city, name, valid ? said : "", valid ? name : "", raw, valid, valid ? "" : "no JSON object found", 120 + (i % 30), 14, seconds.toFixed(3), 0.05]));
  }
  writeFileSync(output, out.join(""));
  writeFileSync(`${output}.meta.json`, JSON.stringify({ version: 1, models: { m: { source: "/models/m.gguf", promptSha256: "x", maxNewTokens: 64, constrained: false } } }));
  return output;
}

const dir = mkdtempSync(join(tmpdir(), "pb-bench-compare-"));
const file = join(dir, "history.sqlite");
const store = new SqliteHistory(file);
const sizes = (process.env.BENCH_COMPARE_ROWS ?? "100000").split(",").map(Number);
console.log(`node ${process.version}, history ${file}`);
for (const rows of sizes) {
  const csv = join(dir, `people-${rows}.csv`);
  writeFileSync(csv, "source,city,name\n"); // only its hash is recorded; the rows come from the results CSVs
  const ids = [];
  for (const variant of [0, 1]) {
    const id = `2026${variant}-bench-${rows}`;
    const run = await collectRun({
      id, startedAt: new Date(), endedAt: new Date(), status: "completed", csvFile: csv, outputFile: writeSide(dir, rows, variant), metrics: [],
      models: [], params: { maxNewTokens: 64, constrained: false, temperature: 0, runBy: "cli" }, versions: runVersions(),
    });
    await store.record(run);
    ids.push(id);
  }
  const s = (ms) => (ms / 1000).toFixed(2);
  const t0 = performance.now();
  const cli = spawnSync(process.execPath, [join(root, "dist/cli.js"), "compare", ids[0], ids[1], "--json", "--history", file], { encoding: "utf8", maxBuffer: 1 << 28 });
  const t1 = performance.now();
  if (cli.status !== 0) throw new Error(`compare failed: ${cli.stderr}`);
  const c = JSON.parse(cli.stdout);
  const t2 = performance.now();
  const [a, b] = [await store.get(ids[0]), await store.get(ids[1])];
  const t3 = performance.now();
  compareRuns(a, b);
  const t4 = performance.now();
  const chrf = c.models[0].fields.find((f) => f.field === "city").metrics.find((m) => m.metric === "chrf++");
  console.log(
    `${String(rows).padStart(7)} rows, 1 model × 2 fields, 1000 resamples: compare (CLI, end to end) ${s(t1 - t0)} s; ` +
      `in-process: load both runs ${s(t3 - t2)} s + compareRuns ${s(t4 - t3)} s. ` +
      `city chrF++ ${chrf.a.score.toFixed(2)} → ${chrf.b.score.toFixed(2)} (Δ ${chrf.delta.toFixed(2)}, p ${chrf.p.toFixed(3)}), ${c.models[0].changedRowCount} changed rows`,
  );
}
