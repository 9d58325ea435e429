import type { MeasureComparison } from "../compare/comparison";
import { GateSyntaxError } from "../errors/gateSyntaxError";
import { METRIC_IDS, type MetricId } from "../metrics/textMetric";
import { splitGates } from "./gateText";

export type MeasureName = MeasureComparison["measure"];

/**
 * A `--fail-on` gate: fails when B − A (or, with `%`, (B − A) / |A|) is below (`<`) or above (`>`) the threshold
 * on some compared model × field. Thresholds are on the metric's own scale (chrF++ and BLEU 0–100, ROUGE 0–1).
 */
export interface DeltaGate {
  text: string;
  /** undefined: every model / every field. */
  model?: string;
  field?: string;
  kind: "metric" | "measure";
  name: MetricId | MeasureName;
  op: "<" | ">";
  threshold: number;
  /** The threshold is a percentage of A. Never for validity and exact_match, whose `%` means points. */
  relative: boolean;
}

const MEASURES: Record<string, MeasureName> = {
  validity: "validity",
  latency_p50: "latency_p50_s",
  latency_p50_s: "latency_p50_s",
  latency_p95: "latency_p95_s",
  latency_p95_s: "latency_p95_s",
  tokens_per_sec: "tokens_per_sec",
  cost: "cost",
};

/** Shares of rows on a 0–100 scale: `-2%` on them means 2 points, as users mean it, not 2% of A. */
export const PERCENT_POINT_NAMES: ReadonlySet<string> = new Set(["validity", "exact_match"]);

export const DELTA_GATE_NAMES: readonly string[] = [...METRIC_IDS, ...Object.keys(MEASURES)];

/** Parses `--fail-on` text such as `chrf++<-1,validity<-2%,latency_p95>+20%,cost>+10%`. */
export function parseDeltaGates(list: string): DeltaGate[] {
  return splitGates(list).map((parts) => {
    const metric = METRIC_IDS.find((id) => id.toLowerCase() === parts.name.toLowerCase());
    const measure = MEASURES[parts.name.toLowerCase()];
    if (!metric && !measure) {
      throw new GateSyntaxError(`"${parts.text}": unknown name "${parts.name}"; valid names: ${DELTA_GATE_NAMES.join(", ")}`, parts.text);
    }
    if (parts.op !== "<" && parts.op !== ">") {
      throw new GateSyntaxError(`"${parts.text}": use < or > (the gate fails when the change B − A is below or above the number), not ${parts.op}`, parts.text);
    }
    if (measure && parts.field !== undefined) {
      throw new GateSyntaxError(`"${parts.text}": ${parts.name} is measured per model, not per field; scope it as MODEL:${parts.name}`, parts.text);
    }
    const name = metric ?? measure!;
    return {
      text: parts.text,
      model: parts.model,
      field: parts.field,
      kind: metric ? "metric" : "measure",
      name,
      op: parts.op,
      threshold: parts.threshold,
      relative: parts.percent && !PERCENT_POINT_NAMES.has(name),
    };
  });
}
