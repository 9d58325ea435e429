import type { RunStatus } from "./runRecord";

/** One run in a listing (`prompt-bench history`), without its rows. */
export interface RunListing {
  id: string;
  startedAt: string;
  endedAt: string;
  status: RunStatus;
  /** The run this one repeats (`prompt-bench rerun`). */
  rerunOf?: string;
  promptFile?: string;
  /** The prompt's first non-blank line. */
  promptFirstLine: string;
  promptSha256: string;
  datasetFile: string;
  datasetSha256: string;
  rows: number;
  resultsFile: string;
  models: ModelHeadline[];
}

/** A model's headline figures: means over fields, and the valid share of its finished rows. */
export interface ModelHeadline {
  model: string;
  chrf?: number;
  exactMatch?: number;
  /** 0..1; undefined when no row finished. */
  validRate?: number;
  rowsDone: number;
}
