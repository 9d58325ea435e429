// The panel state shared by the views, and the VS Code API (acquireVsCodeApi may be called only once per webview).
import type { FromWebview, ProgressMessage, ResultsMessage, RowFilter, RowsPageMessage } from "../src/shared/protocol";

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export const vscode = acquireVsCodeApi();
export const app = document.getElementById("app") ?? document.body;

export type Tab = "overview" | "rows" | "plots";
export type SortDir = 1 | -1;

/** Per-model progress of the current run (filled from progress messages). */
export interface ModelProgress {
  model: string;
  index: number;
  rowsDone: number;
  rowsTotal: number;
  tokensPerSec?: number | null;
}

export interface PanelState {
  results?: ResultsMessage;
  progress?: ProgressMessage;
  models?: ModelProgress[];
  tab?: Tab;
  filter?: RowFilter;
  offset?: number;
  /** "Below threshold": a valid prediction's chrF++ under this (0–100). */
  threshold?: number;
  sort?: { key: string; dir: SortDir };
}

/** One mutable container: importers cannot reassign an exported `let`. */
export const panel: {
  state: PanelState;
  /** The rows page shown last. */
  lastPage?: RowsPageMessage;
  /** Row highlighted by a focusRow message. */
  focusedRow?: number;
} = { state: {} };

export function save(): void {
  vscode.setState(panel.state);
}
