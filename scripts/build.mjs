// Bundles the extension, the CLI and the webview with esbuild, and compiles tests with tsc.
// `vscode` is provided by the host; node-llama-cpp stays external because it is ESM-only and loads native binaries;
// playwright-core (CLI --plots-dir PNGs) is required at run time only when a Chromium is found; node-sqlite3-wasm
// (the run history) loads its .wasm from beside its own .js, so it stays a package of its own too.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const watch = process.argv.includes("--watch");
const skipTsc = process.argv.includes("--no-tsc");

const node = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  external: ["vscode", "node-llama-cpp", "playwright-core", "node-sqlite3-wasm"],
  logLevel: "warning",
};

rmSync(join(root, "dist"), { recursive: true, force: true });
mkdirSync(join(root, "dist", "webview"), { recursive: true });

await Promise.all([
  build({ ...node, entryPoints: [join(root, "src/extension/extension.ts")], outfile: join(root, "dist/extension.js") }),
  build({ ...node, entryPoints: [join(root, "src/cli/main.ts")], outfile: join(root, "dist/cli.js") }),
  build({
    bundle: true,
    platform: "browser",
    target: "es2022",
    format: "iife",
    sourcemap: true,
    logLevel: "warning",
    entryPoints: [join(root, "webview/main.ts")],
    outfile: join(root, "dist/webview/main.js"),
  }),
]);
// plotly.js is served to the results panel as its own file from the extension's folder (dist/ is packaged,
// node_modules devDependencies are not).
copyFileSync(join(root, "node_modules/plotly.js-dist-min/plotly.min.js"), join(root, "dist/webview/plotly.min.js"));
if (!skipTsc) {
  // Type-checks everything and emits the test files (node --test and mocha run the compiled JS).
  execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", root], { stdio: "inherit" });
  execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "webview")], {
    stdio: "inherit",
  });
}
if (watch) console.log("watch mode is not implemented; rerun `npm run build`");
