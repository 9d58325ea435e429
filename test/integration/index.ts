// Entry point loaded by the VS Code extension host (`extensionTestsPath`).
// VS Code calls `run()`; the returned promise resolving means "all tests passed",
// rejecting makes the host exit non-zero.
//
// Mocha runs with the TDD interface (`suite`, `test`, `suiteSetup`, `setup`, ...)
// over out/test/integration/suite/*.test.js (compiled by `npm run build`).
//
// Environment (read inside the extension host, inherited from the test runner):
//   PROMPT_BENCH_TEST_TIMEOUT_MS  per-test timeout (default 300000 = 5 min)
//   PROMPT_BENCH_TEST_GREP        only run tests whose full title matches this regexp
import { readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import Mocha from "mocha";
import * as vscode from "vscode";

export async function run(): Promise<void> {
  console.log(
    `[integration] VS Code ${vscode.version} (${vscode.env.appName}, host ${vscode.env.appHost}, ` +
      `remote ${vscode.env.remoteName ?? "none"}), Node ${process.version}, ${process.platform}-${process.arch}`,
  );

  const mocha = new Mocha({
    ui: "tdd",
    reporter: "spec",
    color: false, // the log is forwarded as plain text
    timeout: Number(process.env.PROMPT_BENCH_TEST_TIMEOUT_MS ?? 300_000),
    slow: 10_000,
  });
  if (process.env.PROMPT_BENCH_TEST_GREP) mocha.grep(new RegExp(process.env.PROMPT_BENCH_TEST_GREP));

  const suiteDir = path.resolve(__dirname, "suite");
  const files = readdirSync(suiteDir)
    .filter((f) => f.endsWith(".test.js"))
    .sort();
  if (files.length === 0) throw new Error(`no *.test.js files in ${suiteDir}`);
  for (const f of files) mocha.addFile(path.join(suiteDir, f));

  const started = Date.now();
  const { failures, stats } = await new Promise<{ failures: number; stats: Mocha.Stats | undefined }>((resolve, reject) => {
    try {
      const runner = mocha.run((n) => resolve({ failures: n, stats: runner.stats }));
    } catch (e) {
      reject(e);
    }
  });
  // The offline launcher (scripts/vscode-host/code-server-host.mjs) asks for a summary,
  // to tell a finished run from an extension host that exited early.
  const resultFile = process.env.VSCODE_HOST_RESULT_FILE;
  if (resultFile) {
    const summary = { failures, passes: stats?.passes, pending: stats?.pending, tests: stats?.tests, ms: Date.now() - started };
    writeFileSync(resultFile, JSON.stringify(summary));
  }
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
