// Packages the linux-x64 .vsix, installs it into the VS Code host (code-server --install-extension) and runs
// test/integration/vsix/installed.test.ts there, with an empty development extension so the Prompt Bench that
// runs is the installed copy. Also checks that a target whose binaries are missing fails with the fix.
//
//   node scripts/package-test.mjs [--build] [--reuse-vsix]
//
//   --build       run `node scripts/build.mjs` first (npm test already does)
//   --reuse-vsix  use dist-vsix/prompt-bench-linux-x64-<version>.vsix when present instead of repackaging
// Part of `npm run test:integration`.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import testElectron from "@vscode/test-electron";
import { TARGETS, missingBinaries } from "./package-targets.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const t0 = Date.now();
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const log = (msg) => console.log(`[package-test] ${msg}`);
const argv = process.argv.slice(2);
const node = (script, args, opts = {}) => spawnSync(process.execPath, [join(root, "scripts", script), ...args], { stdio: "inherit", ...opts });

if (argv.includes("--build") && node("build.mjs", []).status !== 0) process.exit(1);
const testsEntry = join(root, "out", "test", "integration", "vsix", "index.js");
if (!existsSync(testsEntry)) {
  log(`compiled tests missing (${testsEntry}): run "npm run build" first, or pass --build`);
  process.exit(1);
}

// 1. A target whose binaries are not installed must fail, naming them and how to get them.
const absent = Object.keys(TARGETS).find((t) => missingBinaries(root, t).length > 0);
if (absent) {
  const r = node("package.mjs", ["--target", absent, "--no-build"], { stdio: "pipe", encoding: "utf8" });
  const first = missingBinaries(root, absent)[0].name;
  const ok = r.status === 1 && r.stderr.includes(first) && r.stderr.includes(`--os=${TARGETS[absent].os}`);
  log(`${ok ? "ok" : "FAILED"}: packaging ${absent} without its binaries exits 1 naming ${first} and the fix`);
  if (!ok) {
    console.error(r.stdout, r.stderr);
    process.exit(1);
  }
}

// 2. The linux-x64 .vsix.
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const vsix = join(root, "dist-vsix", `prompt-bench-linux-x64-${version}.vsix`);
if (!(argv.includes("--reuse-vsix") && existsSync(vsix))) {
  if (node("package.mjs", ["--target", "linux-x64", "--no-build"]).status !== 0) process.exit(1);
}
log(`packaged at ${secs()}`);

// 3. Install it with code-server's own CLI into a fresh extensions folder.
if (spawnSync("bash", [join(root, "scripts", "setup-vscode-host.sh")], { stdio: "inherit" }).status !== 0) process.exit(1);
const cache = process.env.VSCODE_HOST_CACHE || join(root, ".cache", "vscode-host");
const tmp = mkdtempSync(join(tmpdir(), "prompt-bench-vsix-"));
const extensionsDir = join(tmp, "extensions");
const sandbox = (name) => {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  return dir;
};
const install = spawnSync(
  join(cache, "node24", "bin", "node"),
  [
    join(cache, "code-server", "node_modules", "code-server", "out", "node", "entry.js"),
    "--config", join(sandbox("cs-config"), "config.yaml"),
    "--user-data-dir", sandbox("user-data"),
    "--extensions-dir", extensionsDir,
    "--install-extension", vsix,
  ],
  // code-server would otherwise write its config and state under $HOME.
  { stdio: "inherit", env: { ...process.env, XDG_CONFIG_HOME: sandbox("xdg-config"), XDG_DATA_HOME: sandbox("xdg-data"), XDG_CACHE_HOME: sandbox("xdg-cache") } },
);
if (install.status !== 0 || !existsSync(extensionsDir)) {
  log(`code-server --install-extension ${vsix} failed (exit ${install.status ?? install.signal})`);
  rmSync(tmp, { recursive: true, force: true });
  process.exit(1);
}
log(`installed at ${secs()}`);

// 4. Run the installed-copy test in the host.
if (!process.env.PROMPT_BENCH_TEST_MODEL) {
  const { ensureTestModel } = await import("./make-test-model.mjs");
  process.env.PROMPT_BENCH_TEST_MODEL = ensureTestModel(join(root, ".cache", "models", "prompt-bench-test.gguf"));
}
const workspace = join(tmp, "workspace");
cpSync(join(root, "test", "fixtures", "workspace"), workspace, { recursive: true });
let exitCode = 0;
try {
  await testElectron.runTests({
    vscodeExecutablePath: join(root, "scripts", "vscode-host", "code-server-host.mjs"),
    extensionDevelopmentPath: join(root, "test", "integration", "vsix", "runner-extension"),
    extensionTestsPath: testsEntry,
    launchArgs: [workspace],
    extensionTestsEnv: {
      VSCODE_HOST_EXTENSIONS_DIR: extensionsDir,
      VSCODE_HOST_REQUIRE_RESULT: "1",
      PROMPT_BENCH_VSIX_EXTENSIONS_DIR: extensionsDir,
      PROMPT_BENCH_TEST_WORKSPACE: workspace,
      PROMPT_BENCH_REPO_ROOT: root,
    },
  });
  log(`passed in ${secs()}`);
} catch (e) {
  exitCode = typeof e?.code === "number" && e.code !== 0 ? e.code : 1;
  log(`FAILED in ${secs()}: ${e?.message ?? e}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(exitCode);
