// Runs the compiled unit tests (out/test/unit/*.test.js, built by `npm run build`) with node's test runner.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const dir = "out/test/unit";
if (!existsSync(dir)) {
  console.error(`${dir} is missing: run "npm run build" first`);
  process.exit(1);
}
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".test.js"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .map((f) => join(dir, f));
const result = spawnSync(process.execPath, ["--test", "--test-reporter=spec", ...files], { stdio: "inherit" });
process.exit(result.status ?? 1);
