import { loadConfig } from "../core/config/loadConfig";
import { GateSyntaxError } from "../core/errors/gateSyntaxError";
import { parseDeltaGates, type DeltaGate } from "../core/gates/deltaGate";
import { parseMinGates, type MinGate } from "../core/gates/minGate";
import { UsageError } from "./usageError";

/** A flag's gate list: bad text is a usage error (exit 2) naming the flag. */
function fromFlag<T>(flag: string, text: string, parse: (text: string) => T): T {
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof GateSyntaxError) throw new UsageError(`${flag}: ${error.message}`);
    throw error;
  }
}

/** `run --min`, else the config file's `gates.min` (the file's gates were checked when it was read). */
export function minGates(flags: { min?: string; config?: string }, cwd: string): MinGate[] {
  if (flags.min !== undefined) return fromFlag("--min", flags.min, parseMinGates);
  const text = loadConfig(flags.config, cwd).config.gates?.min;
  return text === undefined ? [] : parseMinGates(text);
}

/** The flags gates add to `compare` (parseCompareArgs' `extra`). */
export const COMPARE_GATE_OPTIONS = {
  "fail-on": { type: "string" },
  "significant-only": { type: "boolean" },
  config: { type: "string" },
} as const;

/** compareGates from parseCompareArgs' values. */
export function compareGatesFromFlags(values: Record<string, unknown>, cwd: string): CompareGates {
  return compareGates({ failOn: values["fail-on"] as string | undefined, significantOnly: values["significant-only"] === true, config: values.config as string | undefined }, cwd);
}

export interface CompareGates {
  gates: DeltaGate[];
  significantOnly: boolean;
}

/** `compare --fail-on / --significant-only`, each over the config file's `gates.failOn / significantOnly`. */
export function compareGates(flags: { failOn?: string; significantOnly?: boolean; config?: string }, cwd: string): CompareGates {
  const config = loadConfig(flags.config, cwd).config.gates ?? {};
  const text = flags.failOn ?? config.failOn;
  const gates = flags.failOn !== undefined ? fromFlag("--fail-on", flags.failOn, parseDeltaGates) : text === undefined ? [] : parseDeltaGates(text);
  return { gates, significantOnly: flags.significantOnly === true || config.significantOnly === true };
}
