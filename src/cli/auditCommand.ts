import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { auditRuns } from "../core/audit/auditRuns";
import { DEFAULT_THRESHOLDS, type AuditThresholds, type Finding } from "../core/audit/finding";
import { HistoryError } from "../core/errors/historyError";
import { defaultHistoryFile } from "../core/history/historyPath";
import type { RunRecord } from "../core/history/runRecord";
import { SqliteHistory } from "../storage/sqlite/sqliteHistory";
import { number, parseFlags } from "./flags";
import { UsageError } from "./usageError";

/** Exit status of `audit --strict` with findings: the gates' "a gate failed". */
export const AUDIT_FINDINGS_EXIT = 3;

/**
 * `prompt-bench audit [--history FILE] [--json] [--strict] [--max-latency-p95 S] [--max-error-rate PCT] [--max-invalid-rate PCT]`:
 * checks every recorded run. Exits 0 even with findings, unless --strict.
 */
export async function auditCommand(argv: string[]): Promise<number> {
  const values = parseFlags(argv, {
    history: { type: "string" },
    json: { type: "boolean", default: false },
    strict: { type: "boolean", default: false },
    "max-latency-p95": { type: "string" },
    "max-error-rate": { type: "string" },
    "max-invalid-rate": { type: "string" },
  });
  const thresholds: AuditThresholds = {
    ...DEFAULT_THRESHOLDS,
    ...(values["max-latency-p95"] !== undefined && { latencyP95S: nonNegative("--max-latency-p95", values["max-latency-p95"]) }),
    ...(values["max-error-rate"] !== undefined && { errorRate: percent("--max-error-rate", values["max-error-rate"]) }),
    ...(values["max-invalid-rate"] !== undefined && { invalidRate: percent("--max-invalid-rate", values["max-invalid-rate"]) }),
  };
  const file = values.history ? resolve(values.history) : defaultHistoryFile(process.cwd());
  if (!existsSync(file)) {
    throw new HistoryError(`There is no history database at ${file}. Runs are recorded beside their results (.prompt-bench/history.sqlite); pass that file with --history FILE.`, file);
  }
  const store = new SqliteHistory(file);
  const runs: RunRecord[] = [];
  for (const listed of await store.list()) {
    const run = await store.get(listed.id);
    if (run) runs.push(run);
  }
  const findings = auditRuns(runs, thresholds);
  if (values.json) process.stdout.write(JSON.stringify({ history: file, runs: runs.length, thresholds, findings }, null, 2) + "\n");
  else process.stdout.write(formatFindings(findings, runs.length, file, thresholds));
  return values.strict && findings.length > 0 ? AUDIT_FINDINGS_EXIT : 0;
}

function formatFindings(findings: readonly Finding[], runs: number, file: string, t: AuditThresholds): string {
  const lines = [
    `audit of ${runs} run${runs === 1 ? "" : "s"} in ${file}: ${findings.length === 0 ? "no findings" : `${findings.length} finding${findings.length === 1 ? "" : "s"}`}`,
    `(thresholds: latency p95 ${t.latencyP95S} s, error rate ${t.errorRate * 100}%, invalid rate ${t.invalidRate * 100}%, score tolerance ${t.scoreTolerance})`,
  ];
  for (const f of findings) {
    lines.push(`${f.runId}${f.model ? `  ${f.model}` : ""}  ${f.kind}: ${f.message}`, `  suggestion: ${f.suggestion}`);
  }
  return lines.join("\n") + "\n";
}

/** "5", "5%" or "2.5%": a share of rows, given in percent. */
function percent(flag: string, text: string): number {
  const value = number(flag, text.trim().replace(/%$/, ""));
  if (value < 0 || value > 100) throw new UsageError(`${flag} must be a percentage from 0 to 100, not "${text}"`);
  return value / 100;
}

function nonNegative(flag: string, text: string): number {
  const value = number(flag, text);
  if (value < 0) throw new UsageError(`${flag} must be a number of seconds ≥ 0, not "${text}"`);
  return value;
}
