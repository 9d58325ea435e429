import { appendFileSync } from "node:fs";
import { resolve } from "node:path";
import { guardWrite } from "../core/fs/guardWrite";
import type { RunEvent } from "../core/runner/events";
import { describeFailure } from "./failure";
import { createProgressPrinter } from "./progress";

/** `--log FILE`: the run's log lines (as the progress printer writes them for a non-terminal) and a failure's stack. */
export interface RunLog {
  event(event: RunEvent): void;
  line(text: string): void;
  failure(error: unknown): void;
}

const NO_LOG: RunLog = { event: () => undefined, line: () => undefined, failure: () => undefined };

/**
 * Opens (appends to) the log, writing a header with the command (its folder is checked before, see checkOutputFolders). Without a file nothing is written anywhere.
 * Failing to open it stops the run before it starts; failing later only warns once, since the run's own files
 * matter more than its log.
 */
export function openRunLog(file: string | undefined, argv: readonly string[], stderr: { write(text: string): unknown }): RunLog {
  if (file === undefined) return NO_LOG;
  const path = resolve(file);
  const append = (text: string): void => {
    const stamp = new Date().toISOString();
    appendFileSync(path, text.replace(/\n$/, "").split("\n").map((l) => `${stamp} ${l}\n`).join(""));
  };
  guardWrite(
    path,
    () => append(`prompt-bench ${argv.join(" ")}`),
    "Nothing was run yet.",
  );
  let broken = false;
  const write = (text: string): void => {
    if (broken) return;
    try {
      append(text);
    } catch (error) {
      broken = true;
      stderr.write(`warning: cannot write the log ${path} (${(error as Error).message}); the run goes on without it\n`);
    }
  };
  // The progress printer's plain-line mode (as in CI), written to the log instead of a terminal.
  const printer = createProgressPrinter({ isTTY: false, write: (text: string) => (write(text), true) } as unknown as NodeJS.WriteStream);
  return {
    event: printer,
    line: write,
    failure: (error) => {
      const failure = describeFailure(error);
      write(`${failure.text}${failure.bug ? "" : `${failure.stack}\n`}exit status ${failure.exitCode}`);
    },
  };
}
