// The npm registry reachable here does not serve node-llama-cpp's prebuilt binaries for other platforms
// (Windows, macOS, riscv64), so `npm install` leaves them out of package-lock.json, and `npm ci` then refuses
// the lockfile as out of sync. This adds their entries back (they are optional and platform-specific, so npm
// skips them on this machine without fetching them). Run it after any `npm install` that rewrites the lockfile.
import { readFileSync, writeFileSync } from "node:fs";

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const nlc = lock.packages["node_modules/node-llama-cpp"];
const platforms = {
  "linux-arm64": ["linux", "arm64"], "linux-armv7l": ["linux", "arm"], "linux-riscv64": ["linux", "riscv64"],
  "linux-x64": ["linux", "x64"], "linux-x64-cuda": ["linux", "x64"], "linux-x64-cuda-ext": ["linux", "x64"],
  "linux-x64-vulkan": ["linux", "x64"], "mac-arm64-metal": ["darwin", "arm64"], "mac-x64": ["darwin", "x64"],
  "win-arm64": ["win32", "arm64"], "win-x64": ["win32", "x64"], "win-x64-cuda": ["win32", "x64"],
  "win-x64-cuda-ext": ["win32", "x64"], "win-x64-vulkan": ["win32", "x64"],
};
let added = 0;
for (const name of Object.keys(nlc.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  const platform = platforms[name.replace("@node-llama-cpp/", "")];
  if (lock.packages[key] || !platform) continue;
  lock.packages[key] = { version: nlc.optionalDependencies[name], cpu: [platform[1]], license: "MIT", optional: true, os: [platform[0]], engines: { node: ">=20.0.0" } };
  added++;
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
writeFileSync("package-lock.json", JSON.stringify(lock, null, 2) + "\n");
console.log(`added ${added} platform entries`);
