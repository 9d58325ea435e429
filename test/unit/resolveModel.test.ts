import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ModelFileMissingError } from "../../src/core/errors/modelFileMissingError";
import { UserError } from "../../src/core/errors/userError";
import { createLlamaCppEngine, resolveModel } from "../../src/engines/llamaCpp";
import { ensureTestModel } from "../helpers/testModel";
import { FakeHub, withEnv } from "../helpers/fakeHub";

// Model resolution with node-llama-cpp's resolveModelFile, offline. Downloads go to a local stand-in for the
// Hugging Face endpoint (HF_ENDPOINT, which node-llama-cpp honours), so no test touches the network.
let dir: string;
let testModel: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "prompt-bench-resolve-"));
  testModel = await ensureTestModel();
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Puts a copy of the test model at `path`, as a user would. */
function place(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  copyFileSync(testModel, path);
}

async function missingError(uri: string, modelsDir: string, allowDownload = false): Promise<ModelFileMissingError> {
  try {
    await resolveModel({ kind: "uri", uri }, { modelsDir, allowDownload });
  } catch (error) {
    assert.ok(error instanceof ModelFileMissingError, `expected ModelFileMissingError, got ${String(error)}`);
    return error;
  }
  throw new Error(`${uri} resolved although no file is there`);
}

const withEndpoint = <T>(endpoint: string, run: () => Promise<T>): Promise<T> => withEnv({ HF_ENDPOINT: endpoint }, run);

describe("resolveModel", () => {
  it("returns an existing file and names a missing one", async () => {
    assert.equal(await resolveModel({ kind: "file", path: testModel }, { modelsDir: dir, allowDownload: false }), testModel);
    const missing = join(dir, "nope", "model.gguf");
    const error = await resolveModel({ kind: "file", path: missing }, { modelsDir: dir, allowDownload: false }).catch((e: unknown) => e);
    assert.ok(error instanceof ModelFileMissingError && error instanceof UserError);
    assert.equal(error.expectedPath, missing);
    assert.ok(error.message.includes(missing), error.message);
  });

  it("names the URI and the exact path for a missing hf: model, and picks up a file placed there offline", async () => {
    const uri = "hf:bartowski/Llama-3.2-3B-Instruct-GGUF/Llama-3.2-3B-Instruct-Q4_K_M.gguf";
    const modelsDir = join(dir, "placed");
    const error = await missingError(uri, modelsDir);
    assert.equal(error.uri, uri);
    assert.equal(error.expectedPath, join(modelsDir, "hf_bartowski_Llama-3.2-3B-Instruct-Q4_K_M.gguf"));
    assert.ok(error.message.includes(uri) && error.message.includes(error.expectedPath), error.message);
    assert.ok(error.message.includes("https://huggingface.co/bartowski/Llama-3.2-3B-Instruct-GGUF/resolve/main/"));

    // Downloads stay allowed: a placed file must be found without any network access.
    await withEndpoint("http://127.0.0.1:9/", async () => {
      place(error.expectedPath);
      const resolved = await resolveModel({ kind: "uri", uri }, { modelsDir, allowDownload: true });
      assert.equal(resolved, error.expectedPath);
      const engine = createLlamaCppEngine({ modelsDir, gpu: false, threads: 1, allowDownload: true });
      const model = await engine.load({ name: "placed", tier: "3b", source: { kind: "uri", uri } });
      assert.ok((await model.generate({ prompt: "hi", maxNewTokens: 4 })).tokensOut > 0);
      await engine.dispose();
    });
  });

  it("agrees with node-llama-cpp on the expected file for every URI form", async () => {
    const uris = [
      "hf:owner/Some-Model-GGUF/Some-Model-Q8_0.gguf",
      "hf:owner/Some-Model-GGUF/Other-Name.Q5_K_M.gguf",
      "hf:owner/plain-repo/sub/dir/file.gguf",
      "hf:owner/Some-Model-GGUF:Q8_0",
      "hf:owner/Some-Model-GGUF",
      "hf:owner/plain-repo:q4_k_m",
      "https://example.invalid/models/tiny.gguf",
    ];
    for (const [i, uri] of uris.entries()) {
      const modelsDir = join(dir, `forms-${i}`);
      const error = await missingError(uri, modelsDir);
      place(error.expectedPath);
      const resolved = await resolveModel({ kind: "uri", uri }, { modelsDir, allowDownload: false });
      assert.equal(resolved, error.expectedPath, uri);
    }
  });

  it("fails fast when the download host cannot be reached", async () => {
    const uri = "hf:owner/Unreachable-GGUF/Unreachable-Q8_0.gguf";
    const started = Date.now();
    const error = await withEndpoint("http://127.0.0.1:9/", () => missingError(uri, join(dir, "offline"), true));
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    assert.match(error.message, /cannot reach 127\.0\.0\.1:9/);
    assert.ok(error.message.includes(join(dir, "offline", "hf_owner_Unreachable-Q8_0.gguf")), error.message);
  });

  it("downloads into the models folder when allowed, and reports a file the host does not have", async () => {
    const model = readFileSync(testModel);
    const hub = await new FakeHub({ "/owner/Tiny-GGUF/resolve/main/Tiny-Q8_0.gguf": model }).start();
    const endpoint = hub.endpoint;
    try {
      const modelsDir = join(dir, "downloads");
      const logs: string[] = [];
      const path = await withEndpoint(endpoint, () =>
        resolveModel({ kind: "uri", uri: "hf:owner/Tiny-GGUF/Tiny-Q8_0.gguf" }, { modelsDir, allowDownload: true, log: (_, m) => logs.push(m) }),
      );
      assert.equal(path, join(modelsDir, "hf_owner_Tiny-Q8_0.gguf"));
      assert.equal(statSync(path).size, model.length);
      assert.ok(logs.some((l) => l.includes("100%")), logs.join("\n"));
      const error = await withEndpoint(endpoint, () => missingError("hf:owner/Gone-GGUF/Gone-Q8_0.gguf", modelsDir, true));
      assert.match(error.message, /does not exist \(HTTP 404\)/);
    } finally {
      await hub.stop();
    }
  });
});
