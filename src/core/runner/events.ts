/** Progress events from a benchmark run; the CLI prints them, the extension shows them in a notification. */
export type RunEvent =
  | { type: "model-start"; model: string; modelIndex: number; modelCount: number; rowsTotal: number; rowsDone: number }
  | { type: "download"; model: string; uri: string; downloadedBytes: number; totalBytes: number; bytesPerSecond: number }
  | { type: "model-loaded"; model: string; loadSeconds: number }
  | { type: "row-done"; model: string; modelIndex: number; modelCount: number; rowIndex: number; rowsDone: number; rowsTotal: number; valid: boolean; tokensPerSec: number }
  /** skipped: nothing was run (already complete, or the model does not fit: reason says which). */
  | { type: "model-done"; model: string; skipped: boolean; reason?: string }
  | { type: "saved"; path: string; rowsDone: number }
  | { type: "log"; level: "info" | "warn" | "error"; message: string };

export type RunEventListener = (event: RunEvent) => void;
