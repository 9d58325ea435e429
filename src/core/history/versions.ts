import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { RunVersions } from "./runRecord";

/** What software made a run: Prompt Bench, node-llama-cpp and its llama.cpp release, Node, the platform. Best effort. */
export function runVersions(): RunVersions {
  const llamaDir = packageDir("node-llama-cpp");
  return {
    promptBench: ownVersion(),
    nodeLlamaCpp: llamaDir ? readJson(join(llamaDir, "package.json"))?.version : undefined,
    llamaCpp: llamaDir ? readJson(join(llamaDir, "llama", "llama.cpp.info.json"))?.tag : undefined,
    node: process.versions.node,
    platform: process.platform,
    arch: process.arch,
  };
}

/** The nearest package.json named prompt-bench above this file (dist/ in the bundle, out/src/... in tests). */
function ownVersion(): string | undefined {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const manifest = readJson(join(dir, "package.json"));
    if (manifest?.name === "prompt-bench") return manifest.version;
    if (dirname(dir) === dir) return undefined;
  }
}

function packageDir(name: string): string | undefined {
  try {
    // The main entry point, then up to the folder that holds the package's package.json.
    for (let dir = dirname(createRequire(__filename).resolve(name)); ; dir = dirname(dir)) {
      if (readJson(join(dir, "package.json"))?.name === name) return dir;
      if (dirname(dir) === dir) return undefined;
    }
  } catch {
    return undefined;
  }
}

function readJson(file: string): Record<string, string> | undefined {
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}
