// Downloads in a real VS Code host: a gated hf: model from a local stand-in for Hugging Face (HF_ENDPOINT; the
// tests run in the extension host's process) fails with the access message until the token is set with
// "Prompt Bench: Set Hugging Face Token", then downloads with the token sent as an Authorization header.
import * as assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import type { RunSummary } from "../../../src/core/runner/options";
import { CommandIds } from "../../../src/extension/commandIds";
import { FakeHub } from "../../helpers/fakeHub";
import { EXTENSION_ID, runLettersBenchmark } from "../helpers";

suite("Prompt Bench downloads", () => {
  const config = () => vscode.workspace.getConfiguration("promptBench");
  const touched = ["models", "modelsDir", "maxNewTokens", "threads"] as const;
  const envKeys = ["HF_ENDPOINT", "MODEL_ENDPOINT", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_TOKEN_PATH"] as const;
  const savedEnv: Record<string, string | undefined> = {};
  const uri = "hf:owner/Gated-GGUF/Gated-Q8_0.gguf";
  let hub: FakeHub;
  let dir: string;
  let model: Buffer;

  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    model = readFileSync(process.env.PROMPT_BENCH_TEST_MODEL ?? "");
    hub = await new FakeHub({ "/owner/Gated-GGUF/resolve/main/Gated-Q8_0.gguf": model }).start();
    hub.options = { token: "hf_it_token" };
    dir = mkdtempSync(join(tmpdir(), "prompt-bench-it-download-"));
    for (const key of envKeys) savedEnv[key] = process.env[key];
    for (const key of envKeys) delete process.env[key];
    process.env.HF_ENDPOINT = hub.endpoint;
    process.env.HF_TOKEN_PATH = join(dir, "no-token-file");
    await config().update("models", [{ name: "gated-tiny", uri }], vscode.ConfigurationTarget.Global);
    await config().update("modelsDir", join(dir, "models"), vscode.ConfigurationTarget.Global);
    await config().update("maxNewTokens", 8, vscode.ConfigurationTarget.Global);
    await config().update("threads", 1, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand(CommandIds.setHuggingFaceToken, "");
    for (const key of touched) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    for (const key of envKeys) {
      if (savedEnv[key] === undefined) delete process.env[key];
      else process.env[key] = savedEnv[key];
    }
    await hub.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (): Thenable<RunSummary | undefined> => runLettersBenchmark(dir, "gated-tiny");

  test("a gated model without a token fails with how to get access", async () => {
    await vscode.commands.executeCommand(CommandIds.setHuggingFaceToken, "");
    await assert.rejects(Promise.resolve(run()), (error: Error) => {
      assert.equal(error.message,
        `${uri} is gated: request access at ${hub.endpoint}owner/Gated-GGUF, then set a token ` +
          `(HF_TOKEN for the CLI, 'Prompt Bench: Set Hugging Face Token' in VS Code).`);
      return true;
    });
    assert.ok(!existsSync(join(dir, "models", "hf_owner_Gated-Q8_0.gguf")));
  });

  test("with the token from 'Set Hugging Face Token' it downloads, sending the token", async () => {
    await vscode.commands.executeCommand(CommandIds.setHuggingFaceToken, "hf_it_token");
    const seen = hub.requests.length;
    const summary = await run();
    assert.ok(summary && !summary.cancelled);
    const file = join(dir, "models", "hf_owner_Gated-Q8_0.gguf");
    assert.ok(readFileSync(file).equals(model), "the downloaded file is the served one");
    assert.ok(hub.requests.slice(seen).some((r) => r.method === "GET" && r.authorization === "Bearer hf_it_token"));
  });
});
