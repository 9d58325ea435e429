/** What an audit finding is about. */
export type FindingKind = "missing-tokens" | "high-latency" | "high-error-rate" | "high-invalid-rate" | "score-mismatch" | "duplicate-run";

/** One problem `prompt-bench audit` found in a recorded run. */
export interface Finding {
  runId: string;
  /** Absent for findings about the whole run (duplicates). */
  model?: string;
  kind: FindingKind;
  /** What is wrong, with the numbers, for people. */
  message: string;
  /** The numbers behind the message, for --json. */
  numbers: Record<string, number | string | string[]>;
  suggestion: string;
}

/** When a run's figures count as a problem (the audit's flags). */
export interface AuditThresholds {
  /** Seconds: a model whose rows' p95 latency is above this is flagged (default 30). */
  latencyP95S: number;
  /** Share 0..1 of finished rows whose generation failed (default 0.05). */
  errorRate: number;
  /** Share 0..1 of finished rows whose output failed schema validation (default 0.2). */
  invalidRate: number;
  /** Largest difference between a recorded metric and the one recomputed from the rows (default 1e-6). */
  scoreTolerance: number;
}

export const DEFAULT_THRESHOLDS: AuditThresholds = { latencyP95S: 30, errorRate: 0.05, invalidRate: 0.2, scoreTolerance: 1e-6 };
