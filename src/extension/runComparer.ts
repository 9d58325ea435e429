import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { compareRuns, resolveSide } from "../core/compare";
import type { Comparison } from "../core/compare/comparison";
import { HistoryError } from "../core/errors/historyError";
import { SqliteHistory } from "../storage/sqlite/sqliteHistory";

/**
 * Compares run `a` of a history file with each of `bs` (prompt-bench.compareRuns, the History tab's Compare):
 * every metric and measure with its paired bootstrap interval, and every changed row (the panel caps them).
 * A side is named as for `prompt-bench compare`: `latest`, a tag, a run id or its unique start, or a results CSV
 * (relative paths from the folder holding `.prompt-bench/`).
 */
export async function compareHistoryRuns(file: string, a: string, bs: readonly string[]): Promise<Comparison[]> {
  if (!existsSync(file)) throw new HistoryError(`There is no run history at ${file} yet: run a benchmark first (every run is recorded there), or set promptBench.historyFile.`, file);
  const store = new SqliteHistory(file);
  const cwd = dirname(dirname(file));
  const sideA = await resolveSide(a, store, file, cwd);
  const out: Comparison[] = [];
  for (const b of bs) {
    const sideB = await resolveSide(b, store, file, cwd);
    out.push(compareRuns(sideA.run, sideB.run, { sides: { a: sideA.info, b: sideB.info } }));
  }
  return out;
}
