// Builds the staging folder a target's .vsix is made from: an allow-list, so nothing lands in the package by
// accident. It holds package.json (trimmed), README.md, LICENSE, .vscodeignore, dist/, media/, docs/images/ and,
// under node_modules/, only what the esbuild bundles load at run time (RUNTIME_PACKAGES with their dependencies)
// plus this target's node-llama-cpp binaries. Files are hard links where possible (the CUDA binaries are large).
import { copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { TARGETS } from "./package-targets.mjs";

/**
 * Dependencies the bundles do not contain: node-llama-cpp (ESM with native binaries, external in build.mjs),
 * playwright-core (PNG export, loaded only when a Chromium is found), plotly.js-dist-min (read as a file
 * for report.html) and node-sqlite3-wasm (the run history; reads its .wasm from its own folder). Every other
 * dependency (csv-parse, zod) is bundled into dist/ and left out.
 */
export const RUNTIME_PACKAGES = ["node-llama-cpp", "playwright-core", "plotly.js-dist-min", "node-sqlite3-wasm"];

/** Top-level files and folders copied as they are. */
const CONTENT = ["README.md", "LICENSE", ".vscodeignore", "dist", "media", "docs/images"];

/**
 * Package folders (relative to root, e.g. node_modules/yargs/node_modules/cliui) that `names` need at run time
 * on target, resolved the way Node does (nearest node_modules first). Optional dependencies are followed when
 * installed; a package whose `os`/`cpu`/`libc` excludes the target is left out (platform binaries such as
 * @reflink/reflink-linux-x64-gnu), and of the @node-llama-cpp/* packages only the target's own.
 */
export function runtimeClosure(root, names, target) {
  const binaries = TARGETS[target].binaries.map((b) => `@node-llama-cpp/${b}`);
  const found = new Set();
  const visit = (fromDir, name, optional) => {
    if (name.startsWith("@node-llama-cpp/") && !binaries.includes(name)) return;
    const dir = resolvePackage(root, fromDir, name);
    if (!dir) {
      if (optional) return;
      throw new Error(`${name} (needed by ${relative(root, fromDir) || "package.json"}) is not installed: run \`npm ci\``);
    }
    if (found.has(dir)) return;
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    if (!runsOn(manifest, target)) return;
    found.add(dir);
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dir, dep, false);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(dir, dep, true);
    for (const dep of Object.keys(manifest.peerDependencies ?? {})) {
      if (!manifest.peerDependenciesMeta?.[dep]?.optional) visit(dir, dep, false);
    }
  };
  for (const name of names) visit(root, name, false);
  return [...found].map((dir) => relative(root, dir)).sort();
}

/** npm's os/cpu/libc rules ("!x" excludes x); VS Code's linux-* targets are glibc (alpine-* would be musl). */
function runsOn(manifest, target) {
  const { os, cpu } = TARGETS[target];
  const allows = (list, value) =>
    !Array.isArray(list) || list.length === 0 || (list.includes(value) || (list.every((v) => v.startsWith("!")) && !list.includes(`!${value}`)));
  const libc = os === "linux" ? "glibc" : undefined;
  return allows(manifest.os, os) && allows(manifest.cpu, cpu) && (!libc || allows(manifest.libc, libc));
}

function resolvePackage(root, fromDir, name) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}

/** Writes stageDir for target (removing what was there); returns the package folders it holds. */
export function stage(root, stageDir, target) {
  rmSync(stageDir, { recursive: true, force: true });
  mkdirSync(stageDir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  for (const name of RUNTIME_PACKAGES) {
    if (!manifest.dependencies?.[name]) throw new Error(`scripts/package-stage.mjs: ${name} is not in package.json's dependencies`);
  }
  // npm list (run by vsce) checks the staged tree against these, so they name exactly what is staged.
  const { devDependencies: _dev, scripts: _scripts, bin: _bin, ...kept } = manifest;
  kept.dependencies = Object.fromEntries(RUNTIME_PACKAGES.map((name) => [name, manifest.dependencies[name]]));
  writeFileSync(join(stageDir, "package.json"), `${JSON.stringify(kept, null, 2)}\n`);

  for (const entry of CONTENT) {
    if (!existsSync(join(root, entry))) throw new Error(`${entry} is missing${entry === "dist" ? ": run `npm run build`" : ""}`);
    linkTree(join(root, entry), join(stageDir, entry));
  }
  const packages = runtimeClosure(root, RUNTIME_PACKAGES, target);
  for (const pkg of packages) linkTree(join(root, pkg), join(stageDir, pkg), (name) => name !== "node_modules");
  return packages;
}

/** Recreates src at dest with hard links (copies across file systems); `keep` filters names at every level. */
function linkTree(src, dest, keep = () => true) {
  const stat = lstatSync(src);
  if (!stat.isDirectory()) {
    mkdirSync(dirname(dest), { recursive: true });
    try {
      linkSync(src, dest);
    } catch {
      copyFileSync(src, dest);
    }
    return;
  }
  mkdirSync(dest, { recursive: true });
  for (const name of readdirSync(src)) {
    if (keep(name)) linkTree(join(src, name), join(dest, name), keep);
  }
}
