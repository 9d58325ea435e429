import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { readMetricsCsv } from "../../src/core/metrics/readMetricsCsv";
import { runCliAsync, startServeCli, startTestServer, type TestServer } from "../helpers/openaiServer";
import { column, makeRunDir, readTable } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

const KEY = "sk-pb-test-7f3a9c1e5b2d";
const KEY_ENV = "PB_TEST_OPENAI_KEY";
let modelPath: string;
let server: TestServer;

before(async () => {
  modelPath = await ensureTestModel();
  server = await startTestServer({ modelPath, apiKey: KEY });
});
after(async () => server.close());

function runArgs(dir: ReturnType<typeof makeRunDir>, ...extra: string[]): string[] {
  return ["run", "--prompt", dir.prompt, "--csv", dir.csv, "--output", dir.output, "--metrics", dir.metrics, "--max-new-tokens", "32", ...extra];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("prompt-bench run with an endpoint model", () => {
  test("gives the same results and metrics as a local run of the same model; the key never reaches a file or the log", async () => {
    const local = makeRunDir();
    const localRun = await runCliAsync(runArgs(local, "--model", modelPath, "--threads", "1", "--gpu", "off", "--no-download"));
    assert.equal(localRun.status, 0, localRun.stderr);

    // The project's own server, as the README tells people to start it; it requires the key. --prompt gives it the
    // template, so like a local run it evaluates the text before {source} once (on the random test model, near-tied
    // logits can tip another way when the whole prompt is evaluated in one piece).
    const served = await startServeCli(["--model", modelPath, "--threads", "1", "--gpu", "off", "--no-download", "--api-key-env", "PB_TEST_SERVE_KEY", "--prompt", local.prompt], { PB_TEST_SERVE_KEY: KEY });
    const remote = makeRunDir();
    const modelsFile = join(remote.dir, "models.json");
    writeFileSync(modelsFile, JSON.stringify([{
      name: "remote-test", endpoint: served.endpoint, model: "prompt-bench-test", apiKeyEnv: KEY_ENV, concurrency: 2, pricePer1kInput: 0.5, pricePer1kOutput: 1.5,
    }]));
    let remoteRun: Awaited<ReturnType<typeof runCliAsync>>;
    try {
      remoteRun = await runCliAsync(runArgs(remote, "--models-file", modelsFile, "--model", "remote-test"), { [KEY_ENV]: KEY });
    } finally {
      await served.stop();
    }
    assert.equal(remoteRun.status, 0, remoteRun.stderr);

    const a = readTable(local.output);
    const b = readTable(remote.output);
    assert.equal(b.records.length, a.records.length);
    assert.ok(column(a, "raw_prompt-bench-test").every((text) => text.length > 0), "the local run generated text to compare");
    for (const suffix of ["name", "city"]) {
      assert.deepEqual(column(b, `pred_remote-test_${suffix}`), column(a, `pred_prompt-bench-test_${suffix}`), `pred ${suffix}`);
    }
    for (const fact of ["", "__valid", "__error", "__tokens_in", "__tokens_out"]) {
      assert.deepEqual(column(b, `raw_remote-test${fact}`), column(a, `raw_prompt-bench-test${fact}`), `raw${fact}`);
    }
    assert.deepEqual(new Set(column(b, "raw_remote-test__retries")), new Set(["0"]));

    const ma = await readMetricsCsv(local.metrics);
    const mb = await readMetricsCsv(remote.metrics);
    assert.equal(mb.length, ma.length);
    for (const [i, row] of mb.entries()) {
      const other = ma[i]!;
      for (const key of ["field", "n_total", "n_valid", "rouge1", "rouge2", "rougeL", "bleu", "chrf", "exact_match", "tokens_in", "tokens_out"] as const) {
        assert.equal(row[key], other[key], `${row.field}: ${key}`);
      }
      assert.equal(row.retries, 0);
      assert.equal(other.retries, undefined, "local models leave retries empty");
      assert.equal(other.cost, undefined, "and cost");
      assert.ok(Math.abs((row.cost ?? Number.NaN) - (row.tokens_in * 0.5 + row.tokens_out * 1.5) / 1000) < 1e-3, `cost ${row.cost}`);
    }

    const written = filesUnder(remote.dir);
    assert.ok(written.some((f) => f.endsWith(".meta.json")), `meta.json written: ${written.join(", ")}`);
    for (const file of written) assert.ok(!readFileSync(file, "utf8").includes(KEY), `the key is in ${file}`);
    assert.ok(!remoteRun.stdout.includes(KEY) && !remoteRun.stderr.includes(KEY), "the key is in the CLI's output");
  });

  test("a missing key variable and `models` list: one clear error; the entry shows as remote", async () => {
    const dir = makeRunDir();
    const modelsFile = join(dir.dir, "models.json");
    writeFileSync(modelsFile, JSON.stringify([{ name: "remote-test", endpoint: server.endpoint, model: "prompt-bench-test", apiKeyEnv: "PB_TEST_UNSET_KEY" }]));
    const run = await runCliAsync(runArgs(dir, "--models-file", modelsFile, "--model", "remote-test"), { PB_TEST_UNSET_KEY: "" });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^error: Model "remote-test": no API key for http:\/\/127\.0\.0\.1:\d+\/v1\. Set the environment variable PB_TEST_UNSET_KEY/m);

    const models = await runCliAsync(["models", "--json", "--models-file", modelsFile]);
    assert.equal(models.status, 0, models.stderr);
    const entry = (JSON.parse(models.stdout) as { name: string; remote?: string; fit?: string; present: boolean }[]).find((m) => m.name === "remote-test");
    assert.equal(entry?.remote, `prompt-bench-test @ ${server.endpoint}`);
    assert.match(entry?.fit ?? "", /^remote/);
  });
});
