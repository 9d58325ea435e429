// Which node-llama-cpp binary packages each VS Code target carries, and which of them are missing here.
// node-llama-cpp picks one of these at run time (CUDA, then Vulkan, then CPU); `*-cuda-ext` holds the fallback
// CUDA backend it loads when the main one does not load on the user's driver.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** VS Code target → the @node-llama-cpp/* packages it ships, and npm's --os/--cpu for installing them. */
export const TARGETS = {
  "linux-x64": { os: "linux", cpu: "x64", binaries: ["linux-x64", "linux-x64-cuda", "linux-x64-cuda-ext", "linux-x64-vulkan"] },
  "linux-arm64": { os: "linux", cpu: "arm64", binaries: ["linux-arm64"] },
  "linux-armhf": { os: "linux", cpu: "arm", binaries: ["linux-armv7l"] },
  "win32-x64": { os: "win32", cpu: "x64", binaries: ["win-x64", "win-x64-cuda", "win-x64-cuda-ext", "win-x64-vulkan"] },
  "win32-arm64": { os: "win32", cpu: "arm64", binaries: ["win-arm64"] },
  "darwin-arm64": { os: "darwin", cpu: "arm64", binaries: ["mac-arm64-metal"] },
  "darwin-x64": { os: "darwin", cpu: "x64", binaries: ["mac-x64"] },
};

/** What `npm run package` builds when no --target is given. */
export const DEFAULT_TARGETS = ["linux-x64", "win32-x64", "darwin-arm64"];

/**
 * The target's binary packages that are not installed under root/node_modules, or installed at another version
 * than node-llama-cpp itself (it refuses mismatched binaries). Empty when the target can be packaged.
 */
export function missingBinaries(root, target) {
  const nlcVersion = readJson(join(root, "node_modules", "node-llama-cpp", "package.json")).version;
  const missing = [];
  for (const binary of TARGETS[target].binaries) {
    const name = `@node-llama-cpp/${binary}`;
    const manifest = join(root, "node_modules", name, "package.json");
    if (!existsSync(manifest)) missing.push({ name, why: "not installed" });
    else {
      const { version } = readJson(manifest);
      if (version !== nlcVersion) missing.push({ name, why: `version ${version}, node-llama-cpp is ${nlcVersion}` });
    }
  }
  return missing;
}

/** The message for a target whose binaries are missing: what is missing and the two ways to get them. */
export function missingBinariesHelp(target, missing) {
  const { os, cpu } = TARGETS[target];
  return [
    `cannot package ${target}: node_modules lacks node-llama-cpp's binaries for it:`,
    ...missing.map((m) => `  ${m.name} (${m.why})`),
    "npm installs only the current platform's binaries. Either",
    `  - on a machine whose npm registry serves them: \`npm run build\`, then \`npm install --no-save --os=${os} --cpu=${cpu}\``,
    `    (it swaps every platform package, esbuild's too, hence building first), then`,
    `    \`npm run package -- --no-build --target ${target}\`, and \`npm ci\` to restore this machine's packages; or`,
    `  - \`npm ci && npm run package -- --target ${target}\` on a ${os}-${cpu} machine (e.g. a CI job per OS).`,
  ].join("\n");
}

function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}
