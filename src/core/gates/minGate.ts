import { GateSyntaxError } from "../errors/gateSyntaxError";
import type { MetricsRow } from "../runner/options";
import { PERCENT_POINT_NAMES } from "./deltaGate";
import { splitGates } from "./gateText";

/** What a `--min` gate reads from a metrics row: a column, or the valid share of rows (0–100). */
export type MinValue = (row: MetricsRow) => number | undefined;

/**
 * A `run --min` gate: a requirement every selected model × field of the run must meet, e.g. `exact_match>=80`
 * or `latency_p95<=2`. Values on the metrics CSV's scales (chrF++, BLEU, exact match 0–100; ROUGE, BERTScore 0–1).
 */
export interface MinGate {
  text: string;
  model?: string;
  field?: string;
  /** Canonical name (the metrics CSV's column, `chrf++` for its chrf column, or `validity`). */
  name: string;
  op: ">=" | "<=";
  threshold: number;
  value: MinValue;
}

const column =
  (key: keyof MetricsRow): MinValue =>
  (row) => {
    const v = row[key];
    return typeof v === "number" ? v : undefined;
  };

/** The metrics CSV's `chrf` column holds chrF++ (csvColumns.ts), hence the name. */
const VALUES: Record<string, { name: string; value: MinValue }> = {
  "chrf++": { name: "chrf++", value: column("chrf") },
  bleu: { name: "bleu", value: column("bleu") },
  rouge1: { name: "rouge1", value: column("rouge1") },
  rouge2: { name: "rouge2", value: column("rouge2") },
  rougel: { name: "rougeL", value: column("rougeL") },
  exact_match: { name: "exact_match", value: column("exact_match") },
  bertscore_f1: { name: "bertscore_f1", value: column("bertscore_f1") },
  validity: { name: "validity", value: (row) => (row.n_total > 0 ? (row.n_valid / row.n_total) * 100 : undefined) },
  latency_p50: { name: "latency_p50_s", value: column("latency_p50_s") },
  latency_p50_s: { name: "latency_p50_s", value: column("latency_p50_s") },
  latency_p95: { name: "latency_p95_s", value: column("latency_p95_s") },
  latency_p95_s: { name: "latency_p95_s", value: column("latency_p95_s") },
  tokens_per_sec: { name: "tokens_per_sec", value: column("tokens_per_sec") },
  cost: { name: "cost", value: column("cost") },
};

export const MIN_GATE_NAMES: readonly string[] = Object.values(VALUES)
  .map((v) => v.name)
  .filter((name, i, all) => all.indexOf(name) === i);

/** Parses `--min` text such as `exact_match>=80,chrf++>=50,validity>=95`. */
export function parseMinGates(list: string): MinGate[] {
  return splitGates(list).map((parts) => {
    const known = VALUES[parts.name.toLowerCase()];
    if (!known) {
      const lower = parts.name.toLowerCase();
      const why =
        lower === "chrf"
          ? " (the metrics CSV's chrf column holds chrF++: write chrf++)"
          : ["wer", "cer", "mer", "wil", "rougelsum"].includes(lower)
            ? ` (${parts.name} is not in the run's metrics CSV; prompt-bench compare --fail-on gates it)`
            : "";
      throw new GateSyntaxError(`"${parts.text}": unknown name "${parts.name}"${why}; valid names for --min: ${MIN_GATE_NAMES.join(", ")}`, parts.text);
    }
    if (parts.op !== ">=" && parts.op !== "<=") {
      throw new GateSyntaxError(`"${parts.text}": use >= or <= (what the run must reach), not ${parts.op}`, parts.text);
    }
    if (parts.percent && !PERCENT_POINT_NAMES.has(known.name)) {
      throw new GateSyntaxError(`"${parts.text}": % only goes with validity and exact_match (shares of rows); give ${known.name} on its own scale`, parts.text);
    }
    return { text: parts.text, model: parts.model, field: parts.field, name: known.name, op: parts.op, threshold: parts.threshold, value: known.value };
  });
}
