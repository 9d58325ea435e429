// `npm run package`: one .vsix per VS Code target, each with only its platform's node-llama-cpp binaries.
//
//   node scripts/package.mjs [--target linux-x64,win32-x64,...] [--skip-missing] [--no-build] [--out DIR]
//
//   --target        comma list (default: linux-x64, win32-x64, darwin-arm64; see scripts/package-targets.mjs)
//   --skip-missing  a target whose binaries are not installed is skipped with the same message, exit 0
//   --no-build      use dist/ as it is (default: rebuild the bundles with `scripts/build.mjs --no-tsc`)
//   --out DIR       where the .vsix files go (default dist-vsix/)
//
// Each target is staged in DIR/stage/<target>/ (scripts/package-stage.mjs: an allow-list, then .vscodeignore
// drops source maps, typings and node-llama-cpp's llama.cpp source bundle) and packed there by vsce --target.
// A target whose binaries are missing here fails with what is missing and how to get it; the others are still
// built. Exit status: 0 all built, 1 a target failed, 2 bad usage.
import { spawnSync } from "node:child_process";
import { readFileSync, rmdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_TARGETS, TARGETS, missingBinaries, missingBinariesHelp } from "./package-targets.mjs";
import { stage } from "./package-stage.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const log = (msg) => console.log(`[package] ${msg}`);

function usage(msg) {
  console.error(`[package] ${msg}\nusage: node scripts/package.mjs [--target ${Object.keys(TARGETS).join(",")}] [--skip-missing] [--no-build] [--out DIR]`);
  process.exit(2);
}

const argv = process.argv.slice(2);
const opts = { targets: DEFAULT_TARGETS, skipMissing: false, build: true, out: join(root, "dist-vsix") };
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (arg === "--skip-missing") opts.skipMissing = true;
  else if (arg === "--no-build") opts.build = false;
  else if (arg === "--target" || arg === "--out") {
    const value = argv[++i];
    if (!value) usage(`${arg} needs a value`);
    if (arg === "--out") opts.out = resolve(value);
    else opts.targets = value.split(",").map((t) => t.trim()).filter(Boolean);
  } else usage(`unknown argument ${arg}`);
}
for (const t of opts.targets) if (!TARGETS[t]) usage(`unknown target ${t}`);

if (opts.build) {
  const r = spawnSync(process.execPath, [join(root, "scripts", "build.mjs"), "--no-tsc"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(1);
}
rmSync(join(opts.out, "stage"), { recursive: true, force: true }); // left over from a failed run

const { name, version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const vsce = join(root, "node_modules", "@vscode", "vsce", "vsce");
const failed = [];
for (const target of opts.targets) {
  const missing = missingBinaries(root, target);
  if (missing.length > 0) {
    console.error(`[package] ${missingBinariesHelp(target, missing)}`);
    if (!opts.skipMissing) failed.push(target);
    continue;
  }
  const t0 = Date.now();
  const stageDir = join(opts.out, "stage", target);
  const packages = stage(root, stageDir, target);
  const vsix = join(opts.out, `${name}-${target}-${version}.vsix`);
  rmSync(vsix, { force: true });
  log(`${target}: staged ${packages.length} packages in ${relative(root, stageDir)}; running vsce`);
  // No repository URL to publish from; README's images are packaged (docs/images), so links stay relative.
  const args = ["package", "--target", target, "--out", vsix, "--allow-missing-repository", "--no-rewrite-relative-links"];
  const r = spawnSync(process.execPath, [vsce, ...args], { cwd: stageDir, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`[package] ${target}: vsce failed (exit ${r.status ?? r.signal}); the staged folder is ${stageDir}`);
    failed.push(target);
    continue;
  }
  rmSync(stageDir, { recursive: true, force: true });
  const mb = (statSync(vsix).size / 1e6).toFixed(1);
  log(`${target}: ${relative(root, vsix)} (${mb} MB) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
try {
  rmdirSync(join(opts.out, "stage")); // only when empty: a target vsce failed on keeps its staged folder
} catch {
  /* not there, or kept */
}
if (failed.length > 0) {
  console.error(`[package] not built: ${failed.join(", ")}`);
  process.exit(1);
}
