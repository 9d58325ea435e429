import type { RunRecord } from "./runRecord";
import type { RunListing } from "./runSummaryLine";
import type { RunTag } from "./runTag";

/**
 * The run history (port). `compare`, `rerun` and `audit` read it through this: `list` for run ids and headlines,
 * `get` for a whole run with its rows. Implemented by src/storage/sqlite (a real SQLite file).
 * A run is written whole or not at all; two processes may record at once.
 */
export interface HistoryStore {
  /** Records a finished (or cancelled, or failed) run in one transaction. */
  record(run: RunRecord): Promise<void>;
  /** Newest first (by id, which starts with the start time). */
  list(options?: { limit?: number }): Promise<RunListing[]>;
  /** The whole record, or undefined when there is no run with that id. */
  get(id: string): Promise<RunRecord | undefined>;
  /** Ids starting with `prefix`, newest first (so a short prefix can name a run). */
  findIds(prefix: string): Promise<string[]>;
  /** A file's SHA-256, where the store caches them (model files are gigabytes); else the caller hashes the file. */
  fileHash?(path: string): Promise<string>;
  /** Names a run (`prompt-bench tag RUN NAME`); an existing tag of that name moves. Returns the run it named before. */
  setTag?(name: string, runId: string): Promise<{ previous?: string }>;
  /** Removes a tag; false when there was none. */
  deleteTag?(name: string): Promise<boolean>;
  /** Every tag, by name. */
  listTags?(): Promise<RunTag[]>;
}
