import { existsSync } from "node:fs";
import { compareRuns } from "../core/compare";
import type { Comparison } from "../core/compare/comparison";
import { HistoryError } from "../core/errors/historyError";
import type { HistoryStore } from "../core/history/historyStore";
import type { RunRecord } from "../core/history/runRecord";
import { SqliteHistory } from "../storage/sqlite/sqliteHistory";

/** A run named by `latest`, its id, or the id's unique start (newest first from findIds). */
async function resolveRun(store: HistoryStore, name: string, file: string): Promise<{ run: RunRecord; label: string }> {
  let id: string | undefined;
  if (name === "latest") {
    id = (await store.list({ limit: 1 }))[0]?.id;
    if (!id) throw new HistoryError(`${file} has no runs yet, so there is no latest run.`, file);
  } else {
    const ids = await store.findIds(name);
    if (ids.length > 1 && ids[0] !== name) throw new HistoryError(`"${name}" is ambiguous: it starts ${ids.length} run ids in ${file} (${ids.slice(0, 5).join(", ")}${ids.length > 5 ? ", …" : ""}). Give more of the id.`, file);
    id = ids[0];
    if (!id) {
      const recent = (await store.list({ limit: 5 })).map((r) => r.id);
      throw new HistoryError(`"${name}" is no run of ${file} (${recent.length > 0 ? `newest runs: ${recent.join(", ")}` : "it has no runs"}). Name a run by its id, its start, or latest.`, file);
    }
  }
  const run = await store.get(id);
  if (!run) throw new HistoryError(`${file} has no run ${id}.`, file);
  return { run, label: name };
}

/**
 * Compares run `a` of a history file with each of `bs` (prompt-bench.compareRuns, the History tab's Compare):
 * every metric and measure with its paired bootstrap interval, and every changed row (the panel caps them).
 */
export async function compareHistoryRuns(file: string, a: string, bs: readonly string[]): Promise<Comparison[]> {
  if (!existsSync(file)) throw new HistoryError(`There is no run history at ${file} yet: run a benchmark first (every run is recorded there), or set promptBench.historyFile.`, file);
  const store = new SqliteHistory(file);
  const sideA = await resolveRun(store, a, file);
  const out: Comparison[] = [];
  for (const b of bs) {
    const sideB = await resolveRun(store, b, file);
    out.push(compareRuns(sideA.run, sideB.run, { sides: { a: { label: sideA.label, source: "history" }, b: { label: sideB.label, source: "history" } } }));
  }
  return out;
}
