// Endpoint models in a real VS Code host: the key set with "Prompt Bench: Set API Key for a Model Endpoint" is
// kept in SecretStorage, sent to the server (the project's own `prompt-bench serve` on 127.0.0.1, requiring it),
// and never written to the results, metrics, meta.json, settings or the log.
import * as assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as vscode from "vscode";
import type { RunSummary } from "../../../src/core/runner/options";
import { CommandIds } from "../../../src/extension/commandIds";
import { repoRoot } from "../../helpers/testModel";
import { EXTENSION_ID, runLettersBenchmark } from "../helpers";

const KEY = "sk-it-5e0d2b9a7c41f3";

function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return [];
    return stat.isDirectory() ? filesUnder(path) : stat.isFile() && stat.size < 20_000_000 ? [path] : [];
  });
}

suite("Prompt Bench endpoint models", () => {
  const config = () => vscode.workspace.getConfiguration("promptBench");
  let server: ChildProcess;
  let endpoint: string;
  let dir: string;

  suiteSetup(async function () {
    this.timeout(60_000);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    dir = mkdtempSync(join(tmpdir(), "prompt-bench-it-endpoint-"));
    server = spawn(process.execPath, [join(repoRoot(__dirname), "dist", "cli.js"), "serve", "--model", process.env.PROMPT_BENCH_TEST_MODEL ?? "", "--port", "0",
      "--threads", "1", "--gpu", "off", "--no-download", "--api-key-env", "PB_IT_SERVE_KEY"], { env: { ...process.env, PB_IT_SERVE_KEY: KEY }, stdio: ["ignore", "pipe", "pipe"] });
    endpoint = await new Promise<string>((resolve, reject) => {
      let out = "";
      server.stdout?.on("data", (d: Buffer) => {
        out += d.toString();
        const match = /at (http:\/\/\S+\/v1) /.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
      server.stderr?.on("data", (d: Buffer) => (out += d.toString()));
      server.on("exit", (code) => reject(new Error(`prompt-bench serve exited (${code}): ${out}`)));
    });
    await config().update("models", [{ name: "remote-it", endpoint, model: "prompt-bench-test", concurrency: 2 }], vscode.ConfigurationTarget.Global);
    await config().update("maxNewTokens", 8, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand(CommandIds.setApiKey, "remote-it", "").then(undefined, () => undefined);
    for (const key of ["models", "maxNewTokens"]) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    server?.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (): Thenable<RunSummary | undefined> => runLettersBenchmark(dir, "remote-it");

  test("without a key the server's refusal names the command to set one", async () => {
    await assert.rejects(Promise.resolve(run()), (error: Error) => {
      assert.match(error.message, /refused the API key \(HTTP 401\).*Prompt Bench: Set API Key for a Model Endpoint/);
      return true;
    });
  });

  test("with the key from the command the run goes through, and the key is in no written file nor the log", async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand(CommandIds.setApiKey, "remote-it", KEY);
    const summary = await run();
    assert.ok(summary && !summary.cancelled);
    assert.ok(summary.metrics.some((row) => row.model === "remote-it" && row.retries === 0), "metrics of the endpoint model, with its retries");
    const written = filesUnder(dir);
    assert.ok(written.some((f) => f.endsWith(".results.csv")) && written.some((f) => f.endsWith(".meta.json")), written.join(", "));
    // The host's temp folder (XDG_DATA_HOME's parent) holds the user settings and the logs, the Prompt Bench log included.
    assert.ok(process.env.XDG_DATA_HOME, "the code-server host sets XDG_DATA_HOME inside its temp folder");
    const hostDir = dirname(process.env.XDG_DATA_HOME);
    await new Promise((r) => setTimeout(r, 1500)); // the log channel writes its file asynchronously
    const logs = filesUnder(hostDir).filter((f) => f.endsWith("Prompt Bench.log"));
    assert.ok(logs.some((f) => readFileSync(f, "utf8").includes("API key for remote-it saved")), `the Prompt Bench log was found: ${logs.join(", ")}`);
    const leaks = [...written, ...filesUnder(hostDir)].filter((f) => readFileSync(f).includes(KEY));
    assert.deepEqual(leaks, []);
  });
});
