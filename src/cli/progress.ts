import type { RunEvent } from "../core/runner/events";
import { downloadStep, formatDownloadBar } from "./downloadBar";

/** Prints run events: one redrawn bar on a terminal, plain lines (a few per model) in logs and CI. */
export function createProgressPrinter(stream: NodeJS.WriteStream): (event: RunEvent) => void {
  const tty = stream.isTTY === true;
  let barShown = false;
  let lastDownloadStep = "";
  const line = (text: string): void => {
    if (barShown) stream.write("\r\x1b[2K");
    barShown = false;
    stream.write(text + "\n");
  };
  return (event) => {
    switch (event.type) {
      case "model-start":
        line(`[${event.modelIndex + 1}/${event.modelCount}] ${event.model}: ${event.rowsTotal - event.rowsDone} of ${event.rowsTotal} rows to run`);
        break;
      case "download": {
        const text = formatDownloadBar(event.model, event);
        const step = `${event.model}:${downloadStep(event)}`;
        if (tty) {
          stream.write(`\r\x1b[2K${text}`);
          barShown = true;
        } else if (step !== lastDownloadStep) {
          lastDownloadStep = step;
          line(text);
        }
        break;
      }
      case "model-loaded":
        line(`  loaded in ${event.loadSeconds.toFixed(2)} s`);
        break;
      case "row-done": {
        const text = `  ${bar(event.rowsDone / event.rowsTotal)} ${event.rowsDone}/${event.rowsTotal} rows · ${event.tokensPerSec.toFixed(1)} tok/s`;
        if (tty) {
          stream.write(`\r\x1b[2K${text}`);
          barShown = true;
        } else if (event.rowsDone === event.rowsTotal || event.rowsDone % Math.max(1, Math.floor(event.rowsTotal / 10)) === 0) {
          line(text);
        }
        break;
      }
      case "model-done":
        line(`  ${event.model}: ${event.skipped ? `skipped (${event.reason})` : "done"}`);
        break;
      case "saved":
        break;
      case "log":
        line(`${event.level === "info" ? "" : event.level + ": "}${event.message}`);
        break;
    }
  };
}

function bar(fraction: number, width = 20): string {
  const full = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return "[" + "#".repeat(full) + "-".repeat(width - full) + "]";
}
