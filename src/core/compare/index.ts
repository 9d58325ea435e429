/**
 * `compare A B` (issue 12): two runs paired row by row (by input hash), each model × field × metric with its
 * paired bootstrap interval and p-value, the run measures, and the rows that changed. See comparison.ts for the
 * result's shape, docs/COMPARE.md for what it means.
 */
export { compareRuns } from "./compareRuns";
export { COMPARE_DEFAULTS, type CompareOptions, type SideInfo } from "./compareOptions";
export { changedRows, ROW_SCORE_METRIC } from "./changedRows";
export { matchRows, type MatchedRows } from "./matchRows";
export { measurePairs, type MeasurePair } from "./measureStatistics";
export { runFromResultsCsv } from "./resultsCsvRun";
export { sideRows, type SideRows } from "./sideRows";
export type * from "./comparison";
export { resolveSide, type ResolvedSide } from "./resolveSide";
export { resamplePairs } from "./resamplePairs";
