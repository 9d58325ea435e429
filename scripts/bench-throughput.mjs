// Throughput part of `npm run bench` (after `npm run build`): the same rows and max tokens through
//   run  — runBenchmark in-process (what `prompt-bench run` calls; in-process so its time inside generate() can be
//          measured), with the engine's defaults for this machine;
//   raw  — a minimal loop straight on node-llama-cpp with the best settings measured here (the ceiling);
//   seed — one row at a time from an empty KV cache (what the seed did, on the same library).
// Each measurement runs in its own process; modes alternate over rounds and the best round is reported (other work
// on the machine only ever slows a round down). Output tokens/s counts model load + all rows; "CPU" divides by the
// process's user+system time instead of wall time, which other processes on the machine disturb less.
// Decoding is constrained to the CSV's JSON schema, as `--constrained` (the demo's setting); BENCH_CONSTRAINED=0
// generates freely instead. Env: BENCH_ROWS (10), BENCH_MAX_TOKENS (64), BENCH_ROUNDS (3), BENCH_MODES
// (run,raw,seed), BENCH_PARALLEL (raw's sequences, 1), BENCH_THREADS (default: the engine's choice here).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(fileURLToPath(import.meta.url), "..", "..");
const out = join(root, "out", "src");
const require = createRequire(import.meta.url);
const ROWS = Number(process.env.BENCH_ROWS ?? 10);
const MAX_TOKENS = Number(process.env.BENCH_MAX_TOKENS ?? 64);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONSTRAINED = process.env.BENCH_CONSTRAINED !== "0";
const MODES = (process.env.BENCH_MODES ?? "run,raw,seed").split(",");
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 1);
/** About 85M parameters (768 wide, 12 blocks, 12 heads, FF 2048, q8_0), as issue 6 asks; ~91 MB. */
const MODEL_SHAPE = { embedding: 768, blocks: 12, heads: 12, ff: 2048 };
const MODEL_PATH = join(root, ".cache", "models", "prompt-bench-bench-85m.gguf");

/** The bench rows: the first ROWS letters of examples/letters.csv (~600-character sources, ~1,050-token prompts). */
function benchInput() {
  const { parseCsv } = require(join(out, "core", "csv", "read.js"));
  const file = join(root, "examples", "letters.csv");
  const table = parseCsv(readFileSync(file), file);
  const at = table.columns.indexOf("source");
  const template = readFileSync(join(root, "examples", "extract.prompt.txt"), "utf8");
  return { template, sources: table.records.slice(0, ROWS).map((r) => r.values[at]), file, table };
}

function threads() {
  const { defaultThreads } = require(join(out, "engines", "llamaCpp", "threads.js"));
  return Number(process.env.BENCH_THREADS ?? defaultThreads());
}

async function measureRun() {
  const { runBenchmark } = require(join(out, "core", "runner", "runBenchmark.js"));
  const { createLlamaCppEngine } = require(join(out, "engines", "llamaCpp", "index.js"));
  const { formatCsv } = require(join(out, "core", "csv", "write.js"));
  const { template, table, sources } = benchInput();
  const dir = mkdtempSync(join(tmpdir(), "pb-bench-"));
  const csv = join(dir, "rows.csv");
  writeFileSync(csv, formatCsv(table.columns, table.records.slice(0, sources.length).map((r) => r.values)));
  writeFileSync(join(dir, "prompt.txt"), template);
  const real = createLlamaCppEngine({ modelsDir: dir, threads: threads(), gpu: false, allowDownload: false });
  let inference = 0;
  let load = 0;
  let tokens = 0;
  let parallelism = 1;
  // Times load() and generate() from the outside; with parallel rows, generate() time is the union of intervals.
  let inFlight = 0;
  let since = 0;
  const engine = {
    id: real.id,
    async load(spec, options) {
      const started = performance.now();
      const loaded = await real.load(spec, options);
      load += (performance.now() - started) / 1000;
      parallelism = loaded.parallelism ?? 1;
      return {
        spec: loaded.spec, loadSeconds: loaded.loadSeconds, parallelism: loaded.parallelism, facts: loaded.facts,
        memoryPeak: () => loaded.memoryPeak?.(), dispose: () => loaded.dispose(),
        async generate(request) {
          if (inFlight++ === 0) since = performance.now();
          try {
            const result = await loaded.generate(request);
            tokens += result.tokensOut;
            return result;
          } finally {
            if (--inFlight === 0) inference += (performance.now() - since) / 1000;
          }
        },
      };
    },
    dispose: () => real.dispose(),
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await runBenchmark({
    promptFile: join(dir, "prompt.txt"), csvFile: csv, outputFile: join(dir, "out.results.csv"), metricsFile: join(dir, "out.metrics.csv"),
    models: [{ name: "bench-85m", tier: "custom", source: { kind: "file", path: MODEL_PATH } }],
    engine, maxNewTokens: MAX_TOKENS, constrained: CONSTRAINED, power: false,
  });
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await engine.dispose();
  rmSync(dir, { recursive: true, force: true });
  return { wall, cpu: (used.user + used.system) / 1e6, tokens, load, inference, outside: wall - load - inference, parallelism };
}

/** The raw loops: `reuse` keeps each sequence's KV cache between rows (node-llama-cpp reuses the common prefix). */
async function measureRaw(reuse, sequences) {
  const nlc = await import(pathToFileURL(require.resolve("node-llama-cpp")).href);
  const { template, sources, table } = benchInput();
  const prompts = sources.map((s) => template.split("{source}").join(s));
  const { targetFields } = require(join(out, "core", "fields.js"));
  const { jsonSchemaFor } = require(join(out, "core", "schema", "jsonSchema.js"));
  const cpu = process.cpuUsage();
  const started = performance.now();
  const llama = await nlc.getLlama({ gpu: false, maxThreads: threads(), logLevel: nlc.LlamaLogLevel.warn });
  const model = await llama.loadModel({ modelPath: MODEL_PATH });
  const context = await model.createContext({ sequences, contextSize: 1280, threads: threads() });
  const grammar = CONSTRAINED ? await llama.createGrammarForJsonSchema(jsonSchemaFor(targetFields(table.columns))) : undefined;
  const sessions = Array.from({ length: sequences }, () => new nlc.LlamaChatSession({ contextSequence: context.getSequence() }));
  const loaded = performance.now();
  let tokens = 0;
  let next = 0;
  await Promise.all(sessions.map(async (session) => {
    while (next < prompts.length) {
      const prompt = prompts[next++];
      session.setChatHistory([]);
      if (!reuse) await session.sequence.clearHistory();
      const before = session.sequence.tokenMeter.usedOutputTokens;
      await session.prompt(prompt, { maxTokens: MAX_TOKENS, temperature: 0, grammar });
      tokens += session.sequence.tokenMeter.usedOutputTokens - before;
    }
  }));
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await llama.dispose();
  return { wall, cpu: (used.user + used.system) / 1e6, tokens, load: (loaded - started) / 1000, parallelism: sequences };
}

async function child(mode) {
  const result = mode === "run" ? await measureRun() : await measureRaw(mode === "raw", mode === "raw" ? PARALLEL : 1);
  process.stdout.write(JSON.stringify({ mode, ...result }) + "\n");
}

function best(values) {
  return Math.max(...values);
}

async function main() {
  if (!existsSync(out)) {
    console.error('out/ is missing: run "npm run build" first');
    process.exit(1);
  }
  const { ensureTestModel } = await import(pathToFileURL(join(root, "scripts", "make-test-model.mjs")).href);
  ensureTestModel(MODEL_PATH, MODEL_SHAPE);
  const { sources } = benchInput();
  console.log(`\nthroughput: ${sources.length} rows of examples/letters.csv, max ${MAX_TOKENS} new tokens, ${CONSTRAINED ? "constrained to the JSON schema" : "free generation"}, ` +
    `85M-parameter q8_0 test model, CPU, ${threads()} thread(s), ${ROUNDS} round(s) per mode`);
  const results = Object.fromEntries(MODES.map((m) => [m, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? MODES : [...MODES].reverse();
    for (const mode of order) {
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", mode], { encoding: "utf8", env: process.env, timeout: 600_000 });
      if (r.status !== 0) throw new Error(`bench ${mode} failed:\n${r.stderr}`);
      const line = r.stdout.trim().split("\n").at(-1);
      results[mode].push(JSON.parse(line));
    }
  }
  const rate = (m) => best(results[m].map((r) => r.tokens / r.wall));
  const cpuRate = (m) => best(results[m].map((r) => r.tokens / r.cpu));
  const label = { run: "1 prompt-bench run (runBenchmark)", raw: `2 raw node-llama-cpp loop (ceiling, ${PARALLEL} seq, KV reuse)`, seed: "3 one row at a time (seed)" };
  console.log("mode                                              out tok/s (wall)  (CPU)   tokens out   load s   rounds: wall s");
  for (const m of MODES) {
    const load = Math.min(...results[m].map((r) => r.load));
    console.log(`${label[m].padEnd(50)} ${rate(m).toFixed(1).padStart(9)}  ${cpuRate(m).toFixed(1).padStart(11)}   ${String(results[m][0].tokens).padStart(6)}   ${load.toFixed(2).padStart(8)}   ${results[m].map((r) => r.wall.toFixed(1)).join(", ")}`);
  }
  if (results.run && results.raw) console.log(`ratio 1/2: ${(rate("run") / rate("raw")).toFixed(2)} wall, ${(cpuRate("run") / cpuRate("raw")).toFixed(2)} CPU   (goal >= 0.9)`);
  if (results.run && results.seed) console.log(`ratio 1/3: ${(rate("run") / rate("seed")).toFixed(2)} wall, ${(cpuRate("run") / cpuRate("seed")).toFixed(2)} CPU   (goal >= 1.5)`);
  if (results.run) {
    const fastest = results.run.reduce((a, b) => (b.wall < a.wall ? b : a));
    const share = fastest.outside / (fastest.wall - fastest.load);
    const load = fastest.load;
    console.log(`run: outside inference ${(share * 100).toFixed(1)}% of wall time after load (CSV, rendering, validation, ` +
      `journal, metrics; goal <= 3%), model load ${load.toFixed(2)} s, ${results.run[0].parallelism} sequence(s)`);
  }
}

if (process.argv[2] === "--child") await child(process.argv[3]);
else await main();
