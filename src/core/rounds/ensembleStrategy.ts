/** How an ensemble picks one answer per row and field from its members' answers. */
export const ENSEMBLE_STRATEGIES = ["majority", "first_non_blank", "confidence"] as const;
export type EnsembleStrategy = (typeof ENSEMBLE_STRATEGIES)[number];

/** The virtual model's name in the results and metrics: `ensemble-majority`. */
export function ensembleModelName(strategy: EnsembleStrategy): string {
  return `ensemble-${strategy.replace(/_/g, "-")}`;
}
