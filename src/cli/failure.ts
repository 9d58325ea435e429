import { systemErrorMessage } from "../core/errors/systemErrorMessage";
import { isUserError } from "../core/errors/userError";
import { UsageError } from "./usageError";

/** How the CLI reports an error: the text for stderr, the exit status, and the stack for --verbose and --log. */
export interface Failure {
  /** The whole text for stderr without the stack (ends with a newline). */
  text: string;
  exitCode: number;
  /** The stack trace, with the causes' stacks (a DiskWriteError's system error). */
  stack: string;
  /** A bug in prompt-bench, not the user's input: the stack is always shown. */
  bug: boolean;
}

export function describeFailure(error: unknown): Failure {
  const stack = stackOf(error);
  if (error instanceof UsageError) return { text: `prompt-bench: ${error.message}\nRun "prompt-bench --help" for usage.\n`, exitCode: 2, stack, bug: false };
  if (isUserError(error)) return { text: `error: ${error.message}\n`, exitCode: 1, stack, bug: false };
  // A missing, read-only or full-disk path that reached the top without a message of its own.
  const system = systemErrorMessage(error);
  if (system !== undefined) return { text: `error: ${system}\n`, exitCode: 1, stack, bug: false };
  return {
    text:
      `prompt-bench failed unexpectedly: ${stack}\n` +
      `This is a bug in prompt-bench, not a problem with your input. Please report it, with the command you ran and the output above.\n`,
    exitCode: 1,
    stack,
    bug: true,
  };
}

/** Prints an error as describeFailure says (the stack too with --verbose) and returns the exit status. */
export function reportFailure(error: unknown, stderr: { write(text: string): unknown }, verbose: boolean): number {
  const failure = describeFailure(error);
  stderr.write(failure.text);
  if (verbose && !failure.bug) stderr.write(`${failure.stack}\n`);
  return failure.exitCode;
}

function stackOf(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    parts.push(e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join("\ncaused by: ");
}
