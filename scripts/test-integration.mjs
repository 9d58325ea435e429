// Runs the mocha integration suite (out/test/integration/suite/*.test.js) inside a
// real VS Code extension host, offline: @vscode/test-electron's runTests() with
// vscodeExecutablePath pointing at scripts/vscode-host/code-server-host.mjs, which
// serves VS Code through code-server and drives it with headless Chromium.
//
//   node scripts/test-integration.mjs [--build] [--grep REGEXP]
//
//   --build         run `node scripts/build.mjs` first (npm test already does)
//   --grep REGEXP   only tests whose full title matches (PROMPT_BENCH_TEST_GREP)
//
// Environment: everything is passed on to the extension host. Set here for the tests:
//   PROMPT_BENCH_TEST_MODEL      the generated test GGUF (.cache/models/prompt-bench-test.gguf,
//                                written by scripts/make-test-model.mjs when missing), unless already set
//   PROMPT_BENCH_TEST_WORKSPACE  the fresh copy of test/fixtures/workspace that is open
//   PROMPT_BENCH_REPO_ROOT       this repository
// Knobs: VSCODE_HOST_TIMEOUT_S (default 600), VSCODE_HOST_VERBOSE=1,
//   VSCODE_HOST_KEEP_TMP=1 (keep code-server's temp folder),
//   PROMPT_BENCH_KEEP_WORKSPACE=1 (keep the workspace copy),
//   PROMPT_BENCH_EXTENSION_PATH (another extension folder; for debugging the harness).
import { spawnSync } from "node:child_process";
import { accessSync, chmodSync, constants, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import testElectron from "@vscode/test-electron";

const { runTests, TestRunFailedError } = testElectron;
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const t0 = Date.now();
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const log = (msg) => console.log(`[test-integration] ${msg}`);

const argv = process.argv.slice(2);
const grepAt = argv.indexOf("--grep");
if (grepAt >= 0) process.env.PROMPT_BENCH_TEST_GREP = argv[grepAt + 1] ?? "";

if (argv.includes("--build")) {
  const r = spawnSync(process.execPath, [join(root, "scripts", "build.mjs")], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// 1. The host (fast no-op when installed).
const setup = spawnSync("bash", [join(root, "scripts", "setup-vscode-host.sh")], { stdio: "inherit" });
if (setup.status !== 0) {
  log(`setup-vscode-host.sh failed (exit ${setup.status ?? setup.signal})`);
  process.exit(1);
}

// 2. What runs.
const extensionDevelopmentPath = resolve(process.env.PROMPT_BENCH_EXTENSION_PATH || root);
const extensionTestsPath = join(root, "out", "test", "integration", "index.js");
const manifest = JSON.parse(readFileSync(join(extensionDevelopmentPath, "package.json"), "utf8"));
const main = manifest.main ? resolve(extensionDevelopmentPath, manifest.main) : undefined;
for (const [file, what] of [
  [extensionTestsPath, "compiled integration tests"],
  ...(main ? [[main, "extension bundle"]] : []),
]) {
  if (!existsSync(file) && !existsSync(`${file}.js`)) {
    log(`${what} missing (${file}): run "npm run build" first, or pass --build`);
    process.exit(1);
  }
}

const launcher = join(root, "scripts", "vscode-host", "code-server-host.mjs");
try {
  accessSync(launcher, constants.X_OK);
} catch {
  chmodSync(launcher, 0o755); // runTests spawns it directly (shebang)
}

// 3. The generated test model (a tiny random GGUF, deterministic), unless the
//    caller points PROMPT_BENCH_TEST_MODEL somewhere else.
// Screenshots the tests ask for ("[screenshot] NAME") land here; the README's panel picture is one of them.
process.env.VSCODE_HOST_SCREENSHOT_DIR ??= join(root, ".test-output", "screenshots");

if (!process.env.PROMPT_BENCH_TEST_MODEL) {
  const { ensureTestModel } = await import("./make-test-model.mjs");
  process.env.PROMPT_BENCH_TEST_MODEL = ensureTestModel(join(root, ".cache", "models", "prompt-bench-test.gguf"));
}

// 4. A fresh copy of the fixture workspace.
const tmp = mkdtempSync(join(tmpdir(), "prompt-bench-it-"));
const workspace = join(tmp, "workspace");
cpSync(join(root, "test", "fixtures", "workspace"), workspace, { recursive: true });

let exitCode = 0;
try {
  log(`extension ${extensionDevelopmentPath}, workspace ${workspace}, model ${process.env.PROMPT_BENCH_TEST_MODEL ?? "(none)"}`);
  await runTests({
    vscodeExecutablePath: launcher,
    extensionDevelopmentPath,
    extensionTestsPath,
    launchArgs: [workspace],
    extensionTestsEnv: {
      PROMPT_BENCH_TEST_WORKSPACE: workspace,
      PROMPT_BENCH_REPO_ROOT: root,
      // out/test/integration/index.js writes a summary; no summary = the host died early.
      VSCODE_HOST_REQUIRE_RESULT: "1",
    },
  });
  log(`passed in ${secs()}`);
} catch (e) {
  exitCode = e instanceof TestRunFailedError && typeof e.code === "number" && e.code !== 0 ? e.code : 1;
  log(`FAILED in ${secs()}: ${e?.message ?? e}`);
} finally {
  if (process.env.PROMPT_BENCH_KEEP_WORKSPACE === "1") log(`kept ${workspace}`);
  else rmSync(tmp, { recursive: true, force: true });
}
process.exit(exitCode);
