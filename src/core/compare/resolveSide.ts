import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { HistoryError } from "../errors/historyError";
import { UserError } from "../errors/userError";
import type { HistoryStore } from "../history/historyStore";
import { resolveRunId } from "../history/resolveRunId";
import type { RunRecord } from "../history/runRecord";
import type { SideInfo } from "./compareOptions";
import { runFromResultsCsv } from "./resultsCsvRun";

export interface ResolvedSide {
  run: RunRecord;
  info: SideInfo;
}

/**
 * One side of `compare`: a path that exists is a results CSV (it wins over a run or tag of the same name);
 * otherwise a run of the history (`latest`, a tag, an id or its unique start). `store` is undefined when there is
 * no history file.
 */
export async function resolveSide(name: string, store: HistoryStore | undefined, historyFile: string, cwd = process.cwd()): Promise<ResolvedSide> {
  const path = resolve(cwd, name);
  if (existsSync(path)) return { run: await runFromResultsCsv(path, store?.fileHash?.bind(store)), info: { label: name, source: "results-csv", id: path } };
  if (/\.csv$/i.test(name) || /[\\/]/.test(name)) throw new UserError(`${path} does not exist. Give a results CSV that exists, a run id, latest or a tag.`, path);
  if (!store) {
    throw new HistoryError(`"${name}" is not a file, and there is no history database at ${historyFile} to look it up in. Pass the history with --history FILE, or give results CSVs.`, historyFile);
  }
  const { id } = await resolveRunId(store, name, historyFile);
  const run = await store.get(id);
  if (!run) throw new HistoryError(`${historyFile} has no run ${id}.`, historyFile);
  return { run, info: { label: name, source: "history" } };
}
