// Extension-test entry for the installed .vsix (scripts/package-test.mjs): mocha over installed.test.js only,
// so the development-folder suites (../suite) do not run against the installed copy.
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import Mocha from "mocha";

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: "tdd", reporter: "spec", color: false, timeout: 300_000, slow: 30_000 });
  mocha.addFile(path.join(__dirname, "installed.test.js"));
  const started = Date.now();
  const { failures, stats } = await new Promise<{ failures: number; stats: Mocha.Stats | undefined }>((resolve) => {
    const runner = mocha.run((n) => resolve({ failures: n, stats: runner.stats }));
  });
  // The launcher (scripts/vscode-host/code-server-host.mjs) tells a finished run from a dead host by this file.
  const resultFile = process.env.VSCODE_HOST_RESULT_FILE;
  if (resultFile) writeFileSync(resultFile, JSON.stringify({ failures, passes: stats?.passes, tests: stats?.tests, ms: Date.now() - started }));
  if (failures > 0) throw new Error(`${failures} installed-.vsix test(s) failed`);
}
