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

/**
 * Models present in a results CSV, in column order (from their `raw_<model>` columns). `recorded` are the models
 * the run's meta file lists (RunMeta.models): only they count, so an input column named `raw_x` is no model "x".
 * Without it (a results CSV from an older version or the seed CLI, or copied without its meta file) every
 * `raw_<model>` column counts, by name alone, so such results still score.
 */
export function modelsInColumns(columns: readonly string[], recorded?: readonly string[]): string[] {
  const named = columns.filter((c) => c.startsWith("raw_") && !c.includes("__")).map((c) => c.slice("raw_".length));
  if (recorded === undefined) return named;
  const known = new Set(recorded);
  return named.filter((m) => known.has(m));
}

/** Whether `column` is one that `model` adds (see modelColumns), whatever the fields. */
export function isColumnOf(column: string, model: string): boolean {
  return column === rawColumn(model) || column.startsWith(`${rawColumn(model)}__`) || column.startsWith(`pred_${model}_`);
}

/** Columns named like results columns (`pred_*`, `raw_*`) that belong to none of `models`. */
export function strayResultColumns(columns: readonly string[], models: readonly string[]): string[] {
  return columns.filter((c) => (c.startsWith("pred_") || c.startsWith("raw_")) && !models.some((m) => isColumnOf(c, m)));
}
