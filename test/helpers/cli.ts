import { spawn, spawnSync } from "node:child_process";
import { resolve } from "node:path";

// PROMPT_BENCH_CLI: run the tests against another build (e.g. the one before a change, to see them fail).
export const CLI = process.env.PROMPT_BENCH_CLI ?? resolve(__dirname, "../../../dist/cli.js");

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI to completion (2 minutes at most). */
export function runCli(args: string[], cwd?: string): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the built CLI without waiting (for kill tests). */
export function startCli(args: string[], cwd?: string): ReturnType<typeof spawn> {
  return spawn(process.execPath, [CLI, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
}
