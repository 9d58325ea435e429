// scripts/package-stage.mjs and package-targets.mjs: what a target's .vsix carries from node_modules, and the
// message for a target whose node-llama-cpp binaries are not installed. Fake package trees are real folders.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import { repoRoot } from "../helpers/testModel";

interface Stage {
  RUNTIME_PACKAGES: string[];
  runtimeClosure(root: string, names: string[], target: string): string[];
}
interface Targets {
  missingBinaries(root: string, target: string): { name: string; why: string }[];
  missingBinariesHelp(target: string, missing: { name: string; why: string }[]): string;
}
const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(join(repoRoot(), "scripts", file)).href)) as T;

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "prompt-bench-package-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function pkg(root: string, path: string, manifest: Record<string, unknown>): void {
  mkdirSync(join(root, path), { recursive: true });
  writeFileSync(join(root, path, "package.json"), JSON.stringify({ name: path.split("node_modules/").pop(), version: "1.0.0", ...manifest }));
}

/** node-llama-cpp → a → b (nested copy), a's optional platform packages, and packages the bundles contain. */
function fakeTree(): string {
  const root = mkdtempSync(join(dir, "tree-"));
  pkg(root, "node_modules/node-llama-cpp", {
    version: "3.22.1",
    dependencies: { a: "1" },
    optionalDependencies: { "@node-llama-cpp/linux-x64": "3.22.1", "@node-llama-cpp/linux-arm64": "3.22.1", "@node-llama-cpp/win-x64": "3.22.1" },
    peerDependencies: { typescript: "*" },
    peerDependenciesMeta: { typescript: { optional: true } },
  });
  pkg(root, "node_modules/@node-llama-cpp/linux-x64", { version: "3.22.1", os: ["linux"], cpu: ["x64"] });
  pkg(root, "node_modules/@node-llama-cpp/linux-arm64", { version: "3.22.1", os: ["linux"], cpu: ["arm64"] });
  pkg(root, "node_modules/a", { dependencies: { b: "2" }, optionalDependencies: { "a-linux-x64": "1", "a-linux-x64-musl": "1", "a-linux-arm64": "1", "a-win32-x64": "1" } });
  pkg(root, "node_modules/a-linux-x64", { os: ["linux"], cpu: ["x64"], libc: ["glibc"] });
  pkg(root, "node_modules/a-linux-x64-musl", { os: ["linux"], cpu: ["x64"], libc: ["musl"] });
  pkg(root, "node_modules/a-linux-arm64", { os: ["linux"], cpu: ["arm64"] });
  pkg(root, "node_modules/a/node_modules/b", { version: "2.0.0" });
  pkg(root, "node_modules/b", { version: "1.0.0" });
  pkg(root, "node_modules/typescript", {});
  pkg(root, "node_modules/playwright-core", {});
  pkg(root, "node_modules/plotly.js-dist-min", {});
  pkg(root, "node_modules/node-sqlite3-wasm", {});
  pkg(root, "node_modules/csv-parse", {});
  return root;
}

describe("package-stage runtimeClosure", () => {
  it("takes the run-time packages, nested copies first, and only the target's platform packages", async () => {
    const { RUNTIME_PACKAGES, runtimeClosure } = await load<Stage>("package-stage.mjs");
    const root = fakeTree();
    assert.deepEqual(runtimeClosure(root, RUNTIME_PACKAGES, "linux-x64"), [
      "node_modules/@node-llama-cpp/linux-x64",
      "node_modules/a",
      "node_modules/a-linux-x64",
      "node_modules/a/node_modules/b",
      "node_modules/node-llama-cpp",
      "node_modules/node-sqlite3-wasm",
      "node_modules/playwright-core",
      "node_modules/plotly.js-dist-min",
    ]);
    assert.deepEqual(
      runtimeClosure(root, ["node-llama-cpp"], "linux-arm64").filter((p) => /linux|win/.test(p)),
      ["node_modules/@node-llama-cpp/linux-arm64", "node_modules/a-linux-arm64"],
    );
    assert.deepEqual(runtimeClosure(root, ["node-llama-cpp"], "win32-x64").filter((p) => /linux|win/.test(p)), []);
  });

  it("names a missing required dependency and says to run npm ci", async () => {
    const { runtimeClosure } = await load<Stage>("package-stage.mjs");
    const root = fakeTree();
    rmSync(join(root, "node_modules/a/node_modules/b"), { recursive: true });
    rmSync(join(root, "node_modules/b"), { recursive: true });
    assert.throws(() => runtimeClosure(root, ["node-llama-cpp"], "linux-x64"), /^Error: b \(needed by node_modules\/a\) is not installed: run `npm ci`$/);
  });

  it("on this repository's node_modules: node-llama-cpp with linux-x64 binaries, none of the bundled or dev packages", async () => {
    const { RUNTIME_PACKAGES, runtimeClosure } = await load<Stage>("package-stage.mjs");
    const packages = runtimeClosure(repoRoot(), RUNTIME_PACKAGES, "linux-x64");
    for (const p of ["node-llama-cpp", "@node-llama-cpp/linux-x64", "playwright-core", "node-sqlite3-wasm"]) assert.ok(packages.includes(`node_modules/${p}`), p);
    for (const p of ["csv-parse", "zod", "typescript", "esbuild", "@vscode/vsce", "@node-llama-cpp/linux-arm64"]) {
      assert.ok(!packages.includes(`node_modules/${p}`), `${p} should not be packaged`);
    }
  });
});

describe("package-targets missingBinaries", () => {
  it("lists binaries that are absent or at another version than node-llama-cpp, and the help names the fix", async () => {
    const { missingBinaries, missingBinariesHelp } = await load<Targets>("package-targets.mjs");
    const root = fakeTree();
    pkg(root, "node_modules/@node-llama-cpp/win-x64", { version: "3.21.0" });
    const missing = missingBinaries(root, "win32-x64");
    assert.deepEqual(missing, [
      { name: "@node-llama-cpp/win-x64", why: "version 3.21.0, node-llama-cpp is 3.22.1" },
      { name: "@node-llama-cpp/win-x64-cuda", why: "not installed" },
      { name: "@node-llama-cpp/win-x64-cuda-ext", why: "not installed" },
      { name: "@node-llama-cpp/win-x64-vulkan", why: "not installed" },
    ]);
    const help = missingBinariesHelp("win32-x64", missing);
    assert.match(help, /^cannot package win32-x64: /);
    assert.match(help, /@node-llama-cpp\/win-x64-vulkan \(not installed\)/);
    assert.match(help, /npm install --no-save --os=win32 --cpu=x64/);
    assert.match(help, /npm run package -- --target win32-x64` on a win32-x64 machine/);
    assert.deepEqual(missingBinaries(root, "darwin-arm64").map((m) => m.name), ["@node-llama-cpp/mac-arm64-metal"]);
  });
});
