// `npm run bench:history`: what recording a run in the SQLite history costs. For 1k, 10k and 100k dataset rows it
// writes a results CSV (2 fields, one model), its meta file and dataset as a run leaves them, then times what the CLI
// does after a run: read them back and record them (collectRun + SqliteHistory.record, with the dataset's SHA-256),
// then reading the run back (get) and listing. Prints the database size after each. Needs `npm run build` (uses out/).
// Node: whichever runs this script (e.g. the VS Code host's Node 24 to compare).
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(import.meta.url), "..", "..");
const require = createRequire(import.meta.url);
const { collectRun } = require(join(root, "out/src/core/history/collectRun.js"));
const { SqliteHistory } = require(join(root, "out/src/storage/sqlite/sqliteHistory.js"));
const { runVersions } = require(join(root, "out/src/core/history/versions.js"));

const quote = (v) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const line = (cells) => cells.map((c) => quote(String(c))).join(",") + "\n";
const CITIES = ["Berlin", "Köln", "München", "Zürich"];

function writeRun(dir, rows) {
  const csv = join(dir, `people-${rows}.csv`);
  const output = join(dir, `people-${rows}.results.csv`);
  const input = [line(["source", "city", "name"])];
  const results = [line(["source", "city", "name", "pred_m_city", "pred_m_name", "raw_m", "raw_m__valid", "raw_m__error", "raw_m__tokens_in", "raw_m__tokens_out", "raw_m__seconds", "raw_m__ttft_s"])];
  for (let i = 0; i < rows; i++) {
    const city = CITIES[i % CITIES.length];
    const name = `Person ${i}`;
    const source = `${name} lives in ${city}, says record ${i} of the register.`;
    input.push(line([source, city, name]));
    const valid = i % 10 !== 0;
    const raw = valid ? JSON.stringify({ city, name }) : "Sorry, I cannot help.";
    results.push(line([source, city, name, valid ? city : "", valid ? name : "", raw, valid, valid ? "" : "no JSON object found", 120 + (i % 30), 14, 0.21, 0.05]));
  }
  writeFileSync(csv, input.join(""));
  writeFileSync(output, results.join(""));
  writeFileSync(`${output}.meta.json`, JSON.stringify({ version: 1, models: { m: { source: "/models/m.gguf", promptSha256: "x", maxNewTokens: 64, constrained: false } } }));
  return { csv, output };
}

const dir = mkdtempSync(join(tmpdir(), "pb-bench-history-"));
const file = join(dir, ".prompt-bench", "history.sqlite");
const store = new SqliteHistory(file);
console.log(`node ${process.version}, history ${file}`);
for (const rows of [1000, 10_000, 100_000]) {
  const { csv, output } = writeRun(dir, rows);
  const id = `bench-${rows}`;
  const t0 = performance.now();
  const run = await collectRun({
    id, startedAt: new Date(), endedAt: new Date(), status: "completed", csvFile: csv, outputFile: output, metrics: [],
    models: [], params: { maxNewTokens: 64, constrained: false, temperature: 0, runBy: "cli" }, versions: runVersions(),
  });
  const t1 = performance.now();
  await store.record(run);
  const t2 = performance.now();
  const back = await store.get(id);
  const t3 = performance.now();
  await store.list();
  const t4 = performance.now();
  if (back.rows.length !== rows) throw new Error(`read back ${back.rows.length} rows, wrote ${rows}`);
  const s = (ms) => (ms / 1000).toFixed(2).padStart(6);
  console.log(
    `${String(rows).padStart(7)} rows: read results ${s(t1 - t0)} s + write ${s(t2 - t1)} s = record ${s(t2 - t0)} s; ` +
      `get ${s(t3 - t2)} s, list ${s(t4 - t3)} s; database ${(statSync(file).size / 1e6).toFixed(1)} MB (results CSV ${(statSync(output).size / 1e6).toFixed(1)} MB)`,
  );
}
