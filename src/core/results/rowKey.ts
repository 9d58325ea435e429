/**
 * What identifies a row of a run: its input columns' texts (the `source` text alone for a `{source}` prompt, so
 * journals and results written before stay valid). Undefined when one of the columns is missing.
 */
export function rowKey(columns: readonly string[], keys: readonly string[], value: (at: number) => string): string | undefined {
  const parts: string[] = [];
  for (const key of keys) {
    const at = columns.indexOf(key);
    if (at < 0) return undefined;
    parts.push(value(at));
  }
  return parts.join("\u0000");
}

/** The default key columns: a run without recorded inputs read `{source}`. */
export const DEFAULT_KEYS: readonly string[] = ["source"];
