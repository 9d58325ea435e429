import type { MetricsRow } from "../runner/options";
import type { PredictionRow } from "./runRecord";
import type { ModelHeadline } from "./runSummaryLine";

/** Each model's chrF++ and exact-match means over fields, and the valid share of its finished rows. */
export function headlines(models: readonly string[], metrics: readonly MetricsRow[], rows: readonly Pick<PredictionRow, "model" | "valid">[]): ModelHeadline[] {
  return models.map((model) => {
    const own = metrics.filter((m) => m.model === model);
    const done = rows.filter((r) => r.model === model);
    const judged = done.filter((r) => r.valid !== undefined);
    return {
      model,
      chrf: mean(own.map((m) => m.chrf)),
      exactMatch: mean(own.map((m) => m.exact_match)),
      validRate: judged.length === 0 ? undefined : judged.filter((r) => r.valid).length / judged.length,
      rowsDone: done.length,
    };
  });
}

function mean(values: readonly (number | undefined)[]): number | undefined {
  const present = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  return present.length === 0 ? undefined : present.reduce((s, v) => s + v, 0) / present.length;
}
