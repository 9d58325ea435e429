import { parseArgs, type ParseArgsConfig } from "node:util";
import { positiveInt } from "./flags";
import { UsageError } from "./usageError";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** compare's own flags. A command built on compare (e.g. gates' --fail-on) passes its extra flags to parseCompareArgs. */
export const COMPARE_OPTIONS = {
  history: { type: "string" },
  json: { type: "boolean", default: false },
  markdown: { type: "boolean", default: false },
  resamples: { type: "string" },
  seed: { type: "string" },
  rows: { type: "string" },
  model: { type: "string", multiple: true },
  field: { type: "string", multiple: true },
  baseline: { type: "string" },
  current: { type: "string" },
} as const satisfies Options;

export interface CompareArgs {
  /** Baseline (A) and current (B) sides, as the user named them. */
  a: string;
  b: string;
  history?: string;
  json: boolean;
  markdown: boolean;
  resamples: number;
  seed: number;
  /** Changed rows shown per model (and kept in --json). */
  rows: number;
  models?: string[];
  fields?: string[];
}

/**
 * `compare A B [flags]` or `compare --baseline A --current B [flags]`. Returns compare's arguments and every parsed
 * flag value (`values`), so a caller that added `extra` flags reads them there.
 */
export function parseCompareArgs<E extends Options>(argv: string[], extra?: E): { args: CompareArgs; values: Record<string, unknown> } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { ...COMPARE_OPTIONS, ...(extra ?? {}) } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const values = parsed.values as Record<string, unknown>;
  const str = (k: string) => values[k] as string | undefined;
  const positionals = parsed.positionals;
  if (positionals.length > 0 && (str("baseline") !== undefined || str("current") !== undefined)) {
    throw new UsageError("compare takes the two runs either as A B or as --baseline A --current B, not both");
  }
  const [a, b] = positionals.length > 0 ? positionals : [str("baseline"), str("current")];
  if (positionals.length > 2) throw new UsageError(`compare takes two runs, got ${positionals.length}: ${positionals.join(" ")}`);
  if (a === undefined || b === undefined) throw new UsageError("compare needs two runs: compare A B (or --baseline A --current B); each a run id, latest, a tag or a results CSV");
  if (values.json && values.markdown) throw new UsageError("--json and --markdown cannot be combined: choose one output");
  const list = (k: string) => {
    const v = values[k] as string[] | undefined;
    return v === undefined ? undefined : v.flatMap((x) => x.split(",")).map((x) => x.trim()).filter((x) => x !== "");
  };
  return {
    args: {
      a,
      b,
      history: str("history"),
      json: values.json === true,
      markdown: values.markdown === true,
      resamples: str("resamples") === undefined ? 1000 : positiveInt("--resamples", str("resamples")!),
      seed: str("seed") === undefined ? 12345 : integer("--seed", str("seed")!),
      rows: str("rows") === undefined ? 10 : nonNegativeInt("--rows", str("rows")!),
      models: list("model"),
      fields: list("field"),
    },
    values,
  };
}

function integer(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isSafeInteger(n)) throw new UsageError(`${flag} must be an integer, not "${text}"`);
  return n;
}

function nonNegativeInt(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isInteger(n) || n < 0) throw new UsageError(`${flag} must be 0 or a positive integer, not "${text}"`);
  return n;
}
