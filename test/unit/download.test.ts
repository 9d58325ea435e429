import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import type { RunEvent } from "../../src/core/runner/events";
import { runBenchmark } from "../../src/core/runner/runBenchmark";
import type { DownloadProgress } from "../../src/core/engine/engine";
import { createLlamaCppEngine, resolveModel } from "../../src/engines/llamaCpp";
import { checkDiskSpace, freeDiskBytes } from "../../src/engines/llamaCpp/downloadDisk";
import { downloadModel } from "../../src/engines/llamaCpp/download";
import { DiskSpaceError, GatedModelError, httpStatusOf } from "../../src/engines/llamaCpp/downloadErrors";
import { huggingFaceTokenFromEnv } from "../../src/engines/llamaCpp/downloadToken";
import { FakeHub, withEnv } from "../helpers/fakeHub";
import { makeRunDir } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

// Downloads through node-llama-cpp's real downloader (ipull) from a local stand-in for Hugging Face.
const MiB = 2 ** 20;
let dir: string;
let tiny: Buffer;
let big: Buffer; // > ipull's 5 MiB chunk, so an interrupted download has finished chunks to keep
let hub: FakeHub;
let env: Record<string, string | undefined>;
let case_ = 0;

const TINY = "/owner/Tiny-GGUF/resolve/main/Tiny-Q8_0.gguf";
const BIG = "/owner/Big-GGUF/resolve/main/Big-Q8_0.gguf";
const GATED = "/owner/Gated-GGUF/resolve/main/Gated-Q8_0.gguf";

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "prompt-bench-download-"));
  tiny = readFileSync(await ensureTestModel());
  big = Buffer.concat([tiny, randomBytes(16 * MiB - tiny.length)]);
  hub = await new FakeHub({
    [TINY]: tiny, [BIG]: big, [GATED]: tiny,
    "/owner/Split-GGUF/resolve/main/Split-00001-of-00002.gguf": big.subarray(0, 6 * MiB),
    "/owner/Split-GGUF/resolve/main/Split-00002-of-00002.gguf": big.subarray(6 * MiB),
  }).start();
  // No token from this machine's environment or ~/.cache/huggingface/token may leak into the tests.
  env = { HF_ENDPOINT: hub.endpoint, MODEL_ENDPOINT: undefined, HF_TOKEN: undefined, HUGGING_FACE_HUB_TOKEN: undefined, HF_TOKEN_PATH: join(dir, "no-token") };
});
after(async () => {
  await hub.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  hub.options = {};
});

/** A fresh models folder per test. */
function modelsDir(): string {
  return join(dir, `models-${++case_}`);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 120_000) throw new Error(`gave up waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** The chunk states ipull saved after the data in `<file>.ipull` (2 = complete), if any yet. */
function savedChunks(partial: string, size: number): number[] | undefined {
  if (!existsSync(partial)) return undefined;
  const fd = openSync(partial, "r");
  try {
    const length = fstatSync(fd).size - size;
    if (length <= 0) return undefined;
    const tail = Buffer.alloc(length);
    readSync(fd, tail, 0, length, size);
    return (JSON.parse(tail.toString("utf8")) as { chunks: number[] }).chunks;
  } catch {
    return undefined; // being written
  } finally {
    closeSync(fd);
  }
}

/** How many bytes the inclusive ranges cover together. */
function distinctBytes(ranges: [number, number][]): number {
  let total = 0;
  let end = -1;
  for (const [from, to] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (to <= end) continue;
    total += to - Math.max(from, end + 1) + 1;
    end = to;
  }
  return total;
}

describe("model downloads", () => {
  it("reports progress that ends at the file's size", () => withEnv(env, async () => {
    const folder = modelsDir();
    const progress: DownloadProgress[] = [];
    const path = await resolveModel({ kind: "uri", uri: "hf:owner/Tiny-GGUF/Tiny-Q8_0.gguf" }, { modelsDir: folder, allowDownload: true, onDownload: (p) => progress.push(p) });
    assert.equal(path, join(folder, "hf_owner_Tiny-Q8_0.gguf"));
    assert.ok(readFileSync(path).equals(tiny));
    assert.ok(progress.length >= 2, `${progress.length} progress events`);
    for (const [i, p] of progress.entries()) {
      assert.equal(p.uri, "hf:owner/Tiny-GGUF/Tiny-Q8_0.gguf");
      assert.equal(p.totalBytes, tiny.length);
      assert.equal(p.path, path);
      assert.ok(p.bytesPerSecond >= 0);
      if (i > 0) assert.ok(p.downloadedBytes >= progress[i - 1]!.downloadedBytes, "never goes back");
    }
    assert.equal(progress.at(-1)!.downloadedBytes, tiny.length);
  }));

  it("downloads every file of a split model, with progress over all of them", () => withEnv(env, async () => {
    const folder = modelsDir();
    const progress: DownloadProgress[] = [];
    const path = await resolveModel({ kind: "uri", uri: "hf:owner/Split-GGUF/Split-00001-of-00002.gguf" }, { modelsDir: folder, allowDownload: true, onDownload: (p) => progress.push(p) });
    assert.equal(path, join(folder, "hf_owner_Split-00001-of-00002.gguf"));
    assert.ok(readFileSync(path).equals(big.subarray(0, 6 * MiB)));
    assert.ok(readFileSync(join(folder, "hf_owner_Split-00002-of-00002.gguf")).equals(big.subarray(6 * MiB)));
    assert.deepEqual([progress.at(-1)!.downloadedBytes, progress.at(-1)!.totalBytes], [big.length, big.length]);
  }));

  it("resumes an interrupted download with ranged requests for the missing part only", () => withEnv(env, async () => {
    const folder = modelsDir();
    const uri = "hf:owner/Big-GGUF/Big-Q8_0.gguf";
    const final = join(folder, "hf_owner_Big-Q8_0.gguf");
    const partial = `${final}.ipull`;
    hub.options = { stallFrom: big.length / 2 };
    const controller = new AbortController();
    const first = resolveModel({ kind: "uri", uri }, { modelsDir: folder, allowDownload: true, signal: controller.signal });
    const firstOutcome = first.then(() => "resolved", (error: unknown) => error);
    // Abort once the first chunk is saved as complete and the connection for the second half has stalled.
    await until(() => savedChunks(partial, big.length)?.[0] === 2 && hub.requests.some((r) => r.path === BIG && (r.rangeStart ?? 0) >= big.length / 2), "a saved chunk and a stalled connection");
    const reason = new Error("user cancelled");
    controller.abort(reason);
    assert.equal(await firstOutcome, reason);
    assert.ok(existsSync(partial), "the partial file is kept for the next run");
    assert.ok(!existsSync(final));

    hub.options = {};
    const seen = hub.requests.length;
    const progress: DownloadProgress[] = [];
    const logs: string[] = [];
    const path = await resolveModel({ kind: "uri", uri }, { modelsDir: folder, allowDownload: true, onDownload: (p) => progress.push(p), log: (_, m) => logs.push(m) });
    assert.equal(path, final);
    assert.ok(readFileSync(final).equals(big), "byte-identical to the served file");
    assert.ok(!existsSync(partial));
    const ranged = hub.requests.slice(seen).filter((r) => r.method === "GET" && r.path === BIG && r.rangeStart !== undefined);
    assert.ok(ranged.length > 0, "the rerun fetched byte ranges");
    for (const r of ranged) assert.ok(r.rangeStart! > 0, `the rerun asked for bytes ${r.rangeStart}-${r.rangeEnd}, starting over`);
    // Distinct bytes asked for: a connection ipull retries on a loaded machine asks for its range again.
    const fetched = distinctBytes(ranged.map((r) => [r.rangeStart!, r.rangeEnd ?? big.length - 1]));
    assert.ok(fetched <= big.length - 5 * MiB, `the rerun fetched ${fetched} of ${big.length} bytes`);
    assert.ok(progress[0]!.downloadedBytes >= 5 * MiB, "progress starts at what was already there");
    assert.ok(logs.some((l) => l.startsWith(`resuming ${uri} at `)), logs.join("\n"));
  }));

  it("ends a stalled download with the reason, keeping what arrived for the rerun", () => withEnv(env, async () => {
    const folder = modelsDir();
    const uri = "hf:owner/Big-GGUF/Big-Q8_0.gguf";
    const final = join(folder, "hf_owner_Big-Q8_0.gguf");
    hub.options = { stallFrom: big.length / 2 };
    await assert.rejects(downloadModel(uri, { modelsDir: folder, stallSeconds: 1 }), /no data for 1 s/);
    assert.ok(existsSync(`${final}.ipull`) && !existsSync(final));
    hub.options = {};
    const seen = hub.requests.length;
    assert.equal(await downloadModel(uri, { modelsDir: folder }), final);
    assert.ok(readFileSync(final).equals(big));
    const ranged = hub.requests.slice(seen).filter((r) => r.method === "GET" && r.rangeStart !== undefined);
    assert.ok(ranged.length > 0 && ranged.every((r) => r.rangeStart! > 0), JSON.stringify(ranged));
  }));

  it("reads the HTTP status from node-llama-cpp's and ipull's errors", () => {
    assert.equal(httpStatusOf(new Error("Url: https://x/y.gguf, Status code: 403, status text: Forbidden")), 403);
    assert.equal(httpStatusOf(new Error('Failed to fetch manifest for "hf:a/b:Q4_K_M": 401 Unauthorized')), 401);
    assert.equal(httpStatusOf(Object.assign(new Error("x"), { statusCode: 401 })), 401);
    assert.equal(httpStatusOf(new Error("cannot reach host (ECONNREFUSED)")), undefined);
  });

  it("says how to get access to a gated repository (401 without a token)", () => withEnv(env, async () => {
    hub.options = { token: "hf_good" };
    const uri = "hf:owner/Gated-GGUF/Gated-Q8_0.gguf";
    const error = await resolveModel({ kind: "uri", uri }, { modelsDir: modelsDir(), allowDownload: true }).catch((e: unknown) => e);
    assert.ok(error instanceof GatedModelError, String(error));
    assert.equal(error.status, 401);
    assert.equal(error.message,
      `${uri} is gated: request access at ${hub.endpoint}owner/Gated-GGUF, then set a token ` +
        `(HF_TOKEN for the CLI, 'Prompt Bench: Set Hugging Face Token' in VS Code).`);
  }));

  it("says the token has no access yet on 403", () => withEnv(env, async () => {
    hub.options = { token: "hf_good" };
    const uri = "hf:owner/Gated-GGUF/Gated-Q8_0.gguf";
    const logs: string[] = [];
    const error = await resolveModel({ kind: "uri", uri }, { modelsDir: modelsDir(), allowDownload: true, hfToken: "hf_other", log: (_, m) => logs.push(m) }).catch((e: unknown) => e);
    assert.ok(error instanceof GatedModelError, String(error));
    assert.equal(error.status, 403);
    assert.match(error.message, /your Hugging Face token has no access to it yet \(HTTP 403\)/);
    assert.ok(error.message.includes(`request access at ${hub.endpoint}owner/Gated-GGUF`), error.message);
    assert.ok(!error.message.includes("hf_other") && !logs.some((l) => l.includes("hf_other")), "the token is never shown");
  }));

  it("sends the token as an Authorization header, from the option or from HF_TOKEN", async () => {
    hub.options = { token: "hf_good" };
    const uri = "hf:owner/Gated-GGUF/Gated-Q8_0.gguf";
    for (const [option, vars] of [["hf_good", {}], [undefined, { HF_TOKEN: "hf_good" }], [undefined, { HUGGING_FACE_HUB_TOKEN: "hf_good" }]] as const) {
      const seen = hub.requests.length;
      const logs: string[] = [];
      const path = await withEnv({ ...env, ...vars }, () =>
        resolveModel({ kind: "uri", uri }, { modelsDir: modelsDir(), allowDownload: true, hfToken: option, log: (_, m) => logs.push(m) }));
      assert.ok(readFileSync(path).equals(tiny));
      const gets = hub.requests.slice(seen).filter((r) => r.method === "GET");
      assert.ok(gets.some((r) => r.authorization === "Bearer hf_good"), JSON.stringify(gets));
      assert.ok(!logs.some((l) => l.includes("hf_good")), "the token is never logged");
    }
  });

  it("checks the free disk before downloading, and names the folder, the GB needed and free", () => withEnv(env, async () => {
    const folder = modelsDir();
    const asked: string[] = [];
    const seen = hub.requests.length;
    const error = await resolveModel({ kind: "uri", uri: "hf:owner/Big-GGUF/Big-Q8_0.gguf" }, {
      modelsDir: folder, allowDownload: true, freeBytes: async (d) => (asked.push(d), 5_000_000),
    }).catch((e: unknown) => e);
    assert.ok(error instanceof DiskSpaceError, String(error));
    assert.deepEqual(asked, [folder]);
    assert.equal(error.message,
      `Not enough disk space to download the model to ${folder}: it needs 0.017 GB, 0.005 GB is free. Free some ` +
        `space there, or choose another models folder with the setting promptBench.modelsDir (VS Code) or the flag --models-dir (CLI).`);
    assert.ok(!hub.requests.slice(seen).some((r) => r.rangeStart !== undefined), "no data was fetched");
    assert.ok(!existsSync(join(folder, "hf_owner_Big-Q8_0.gguf")));
  }));

  it("measures free disk with statfs, also for a models folder that does not exist yet", async () => {
    const free = await freeDiskBytes(join(dir, "not", "yet", "there"));
    assert.ok(Number.isSafeInteger(free) && free > 0, String(free));
    await checkDiskSpace(dir, 1);
    await assert.rejects(checkDiskSpace(dir, free * 2), DiskSpaceError);
  });

  it("reads the CLI's token from HF_TOKEN, then HUGGING_FACE_HUB_TOKEN, then the token file", () => {
    const none = join(dir, "no-token");
    assert.equal(huggingFaceTokenFromEnv({ HF_TOKEN: " a ", HUGGING_FACE_HUB_TOKEN: "b", HF_TOKEN_PATH: none }), "a");
    assert.equal(huggingFaceTokenFromEnv({ HUGGING_FACE_HUB_TOKEN: "b", HF_TOKEN_PATH: none }), "b");
    assert.equal(huggingFaceTokenFromEnv({ HF_TOKEN_PATH: none }), undefined);
    mkdirSync(join(dir, "hf-home"), { recursive: true });
    writeFileSync(join(dir, "hf-home", "token"), "hf_from_file\n");
    assert.equal(huggingFaceTokenFromEnv({ HF_HOME: join(dir, "hf-home") }), "hf_from_file");
    assert.equal(huggingFaceTokenFromEnv({ HF_TOKEN_PATH: join(dir, "hf-home", "token") }), "hf_from_file");
  });

  it("cancelling a run mid-download ends it as cancelled, keeping the partial file", () => withEnv(env, async () => {
    const run = makeRunDir();
    const folder = modelsDir();
    hub.options = { stallFrom: big.length / 2 };
    const engine = createLlamaCppEngine({ modelsDir: folder, threads: 1, gpu: false, allowDownload: true });
    const partial = join(folder, "hf_owner_Big-Q8_0.gguf.ipull");
    const controller = new AbortController();
    const events: RunEvent[] = [];
    try {
      const running = runBenchmark({
        promptFile: run.prompt, csvFile: run.csv, outputFile: run.output, metricsFile: run.metrics, engine,
        models: [{ name: "hub-big", tier: "custom", source: { kind: "uri", uri: "hf:owner/Big-GGUF/Big-Q8_0.gguf" } }],
        maxNewTokens: 4, constrained: false, skipMetrics: true, signal: controller.signal, onEvent: (e) => events.push(e),
      });
      await until(() => existsSync(partial) && events.some((e) => e.type === "download" && e.downloadedBytes > 0), "the download to start");
      controller.abort();
      const summary = await running;
      assert.equal(summary.cancelled, true);
    } finally {
      await engine.dispose();
    }
    assert.ok(existsSync(partial), "the partial file is kept");
    assert.ok(!events.some((e) => e.type === "model-loaded"));
  }));

  it("turns a run's download into throttled download events that end at the total", () => withEnv(env, async () => {
    const run = makeRunDir();
    const engine = createLlamaCppEngine({ modelsDir: modelsDir(), threads: 1, gpu: false, allowDownload: true });
    const events: RunEvent[] = [];
    try {
      await runBenchmark({
        promptFile: run.prompt, csvFile: run.csv, outputFile: run.output, metricsFile: run.metrics, engine,
        models: [{ name: "hub-tiny", tier: "custom", source: { kind: "uri", uri: "hf:owner/Tiny-GGUF/Tiny-Q8_0.gguf" } }],
        maxNewTokens: 4, constrained: false, skipMetrics: true, onEvent: (e) => events.push(e),
      });
    } finally {
      await engine.dispose();
    }
    const downloads = events.filter((e) => e.type === "download");
    assert.ok(downloads.length >= 1);
    assert.deepEqual({ ...downloads.at(-1)!, bytesPerSecond: 0 }, {
      type: "download", model: "hub-tiny", uri: "hf:owner/Tiny-GGUF/Tiny-Q8_0.gguf", downloadedBytes: tiny.length, totalBytes: tiny.length, bytesPerSecond: 0,
    });
    const order = events.map((e) => e.type);
    assert.ok(order.indexOf("download") > order.indexOf("model-start") && order.lastIndexOf("download") < order.indexOf("model-loaded"), order.join(","));
  }));
});
