/**
 * Column naming of the results CSV. Everything Prompt Bench adds starts with `pred_` or `raw_`, so target-field
 * detection (every column except `source`, `pred_*`, `raw_*`) still works when a results CSV is read back.
 * Per-row run facts go in `raw_<model>__<key>` columns; `__` is reserved (model names may not contain it).
 */
export const ROW_FACTS = ["valid", "error", "tokens_in", "tokens_out", "seconds", "tokens_reasoning", "ttft_s", "retries"] as const;
export type RowFact = (typeof ROW_FACTS)[number];

export function predColumn(model: string, field: string): string {
  return `pred_${model}_${field}`;
}

export function rawColumn(model: string): string {
  return `raw_${model}`;
}

export function factColumn(model: string, fact: RowFact): string {
  return `raw_${model}__${fact}`;
}

/** All columns a model adds, in the order they are appended. */
export function modelColumns(model: string, fields: readonly string[]): string[] {
  return [...fields.map((f) => predColumn(model, f)), rawColumn(model), ...ROW_FACTS.map((k) => factColumn(model, k))];
}

/** Models present in a results CSV, in column order (from their `raw_<model>` columns). */
export function modelsInColumns(columns: readonly string[]): string[] {
  return columns.filter((c) => c.startsWith("raw_") && !c.includes("__")).map((c) => c.slice("raw_".length));
}
