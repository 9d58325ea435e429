import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { compareRuns, resolveSide, type Comparison } from "../core/compare";
import { UserError } from "../core/errors/userError";
import { defaultHistoryFile } from "../core/history/historyPath";
import type { RunRecord } from "../core/history/runRecord";
import { SqliteHistory } from "../storage/sqlite/sqliteHistory";
import { parseCompareArgs, type CompareArgs } from "./compareArgs";
import { formatComparisonMarkdown } from "./compareMarkdown";
import { formatComparisonText } from "./compareText";
import { compareGatesFromFlags, COMPARE_GATE_OPTIONS } from "./gateSettings";
import { applyCompareGates } from "./gateStep";

/** `prompt-bench compare A B`: prints the comparison and returns the exit status (a gate step goes after printing). */
export async function compareCommand(argv: string[]): Promise<number> {
  const { args, values } = parseCompareArgs(argv, COMPARE_GATE_OPTIONS);
  // The gates are read first: a typo in them fails before the comparison's work.
  const gates = compareGatesFromFlags(values, process.cwd());
  const comparison = await runCompare(args);
  printComparison(comparison, args, process.stdout);
  return applyCompareGates(comparison, gates, process.stderr);
}

/** Resolves both sides (history runs or results CSVs) and compares B with A. */
export async function runCompare(args: CompareArgs, cwd = process.cwd()): Promise<Comparison> {
  const file = args.history ? resolve(cwd, args.history) : defaultHistoryFile(cwd);
  // Never create a history just to look in it: a missing file means only results CSVs can be named.
  const store = existsSync(file) ? new SqliteHistory(file) : undefined;
  const a = await resolveSide(args.a, store, file, cwd);
  const b = await resolveSide(args.b, store, file, cwd);
  checkNamed("model", args.models, [a.run, b.run], (r) => r.models.map((m) => m.name));
  checkNamed("field", args.fields, [a.run, b.run], (r) => r.fields);
  return compareRuns(a.run, b.run, {
    resamples: args.resamples,
    seed: args.seed,
    models: args.models,
    fields: args.fields,
    changedRows: args.rows,
    sides: { a: a.info, b: b.info },
  });
}

/** The comparison on stdout: --json (the Comparison itself), --markdown (a pull-request report), else a terminal table. */
export function printComparison(comparison: Comparison, args: Pick<CompareArgs, "json" | "markdown" | "rows">, out: { write(text: string): unknown }): void {
  if (args.json) out.write(JSON.stringify(comparison, null, 2) + "\n");
  else if (args.markdown) out.write(formatComparisonMarkdown(comparison, args.rows));
  else out.write(formatComparisonText(comparison, args.rows));
}

function checkNamed(what: string, wanted: readonly string[] | undefined, runs: readonly RunRecord[], names: (r: RunRecord) => string[]): void {
  if (!wanted) return;
  const [inA, inB] = runs.map(names) as [string[], string[]];
  const missing = wanted.filter((w) => !inA.includes(w) || !inB.includes(w));
  if (missing.length === 0) return;
  throw new UserError(`--${what} ${missing.join(", ")}: not in both runs (A has ${inA.join(", ") || "none"}; B has ${inB.join(", ") || "none"}).`);
}
