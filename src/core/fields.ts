/**
 * Target fields: every column except `source`, `pred_*` and `raw_*` (the seed CLI's rule, so a results CSV read
 * back yields the same fields), sorted by name. The sort is JavaScript's default string order (UTF-16 code
 * units, case-sensitive: "City" < "age"); it equals Python's `sorted()` for all names without astral characters.
 */
export function targetFields(columns: readonly string[]): string[] {
  return columns.filter((c) => c !== "source" && !c.startsWith("pred_") && !c.startsWith("raw_")).sort();
}
