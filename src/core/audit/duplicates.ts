import type { ModelRecord, RunRecord } from "../history/runRecord";
import type { Finding } from "./finding";

/**
 * Completed runs of the same configuration: prompt text, dataset, the models' weights (file SHA-256, else URI or
 * endpoint) and the decoding parameters that decide the outputs. Threads, GPU and other settings that only change
 * the speed are left out, and a deliberate repeat (`rerun`, which records rerunOf) is no duplicate.
 */
export function duplicateRuns(runs: readonly RunRecord[]): Finding[] {
  const groups = new Map<string, RunRecord[]>();
  for (const run of runs) {
    if (run.status !== "completed" || run.rerunOf !== undefined || run.rows.length === 0) continue;
    const key = configurationKey(run);
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  const findings: Finding[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const sorted = [...group].sort((a, b) => (a.id < b.id ? 1 : -1));
    const [newest, ...earlier] = sorted;
    findings.push({
      runId: newest!.id,
      kind: "duplicate-run",
      message: `same configuration as ${earlier.length === 1 ? "run" : "runs"} ${earlier.map((r) => r.id).join(", ")} (prompt, dataset, model files and decoding parameters)`,
      numbers: { runs: sorted.map((r) => r.id) },
      suggestion: `If this was meant as a check of reproducibility, compare them (prompt-bench compare ${earlier[0]!.id} ${newest!.id}); otherwise the repeat cost a run's time for nothing new.`,
    });
  }
  return findings;
}

export function configurationKey(run: RunRecord): string {
  const p = run.params;
  return JSON.stringify([
    run.prompt.sha256,
    run.dataset.sha256,
    run.models.map(modelKey).sort(),
    [p.maxNewTokens, p.maxReasoningTokens ?? null, p.constrained, p.temperature, p.seed ?? null, p.skipInference ?? false],
  ]);
}

function modelKey(m: ModelRecord): string {
  const weights = m.fileSha256 ?? m.uri ?? `${m.endpointModel ?? ""} @ ${m.endpoint ?? ""}`;
  const lora = (m.lora ?? []).map((a) => `${a.sha256 ?? a.path}*${a.scale ?? 1}`).join("+");
  return `${m.name}=${weights}${lora ? `+${lora}` : ""}`;
}
