// The panel state shared by the views, and the VS Code API (acquireVsCodeApi may be called only once per webview).
import type { CompareMessage } from "../src/shared/compareProtocol";
import type { HistoryMessage } from "../src/shared/historyProtocol";
import type { FromWebview, PanelTab, ProgressMessage, ResultsMessage, RowFilter, RowsPageMessage } from "../src/shared/protocol";

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export const vscode = acquireVsCodeApi();
export const app = document.getElementById("app") ?? document.body;

export type Tab = PanelTab;
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
  /** History tab: the runs last received, which ones are shown, and the runs ticked for comparing. */
  history?: HistoryMessage;
  historyScope?: "this" | "all";
  picked?: string[];
  /** Compare tab: the comparisons last received and the one shown. */
  compare?: CompareMessage;
  comparisonIndex?: number;
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
