/** Progress events from a benchmark run; the CLI prints them, the extension shows them in a notification. */
export type RunEvent =
  | { type: "model-start"; model: string; modelIndex: number; modelCount: number; rowsTotal: number; rowsDone: number }
  | { type: "model-loaded"; model: string; loadSeconds: number }
  | { type: "row-done"; model: string; modelIndex: number; modelCount: number; rowIndex: number; rowsDone: number; rowsTotal: number; valid: boolean; tokensPerSec: number }
  | { type: "model-done"; model: string; skipped: boolean; reason?: string }
  | { type: "saved"; path: string; rowsDone: number }
  | { type: "log"; level: "info" | "warn" | "error"; message: string };

export type RunEventListener = (event: RunEvent) => void;
