import type { MetricId } from "../metrics/textMetric";
import type { ScoreOptions } from "../metrics/scoreOptions";
import type { BootstrapOptions } from "../stats";
import type { ComparedSide } from "./comparison";

/** How a side was named and where it came from (the Comparison's `a` / `b` besides what the run record says). */
export interface SideInfo {
  label?: string;
  source?: ComparedSide["source"];
  /** Overrides the run id (a results CSV side: its path). */
  id?: string;
}

export interface CompareOptions extends BootstrapOptions {
  /** Metric options; default the reference tools' defaults with B's (else A's) ROUGE tokenizer. */
  scoreOptions?: ScoreOptions;
  /** Only these models / fields (default: all on both sides). */
  models?: readonly string[];
  fields?: readonly string[];
  /** Text metrics to compare (default: every METRIC_IDS entry). */
  metrics?: readonly MetricId[];
  /** Most changed rows kept per model, worst first (default: all). */
  changedRows?: number;
  sides?: { a?: SideInfo; b?: SideInfo };
}

/** The same defaults as sacrebleu's paired bootstrap (and src/core/stats). */
export const COMPARE_DEFAULTS = { resamples: 1000, seed: 12345, confidence: 0.95 } as const;
