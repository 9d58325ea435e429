// Python's notion of whitespace, which differs from JavaScript's: jiwer's transforms use `str.strip()` and
// `re.sub(r"\s\s+", …)`, whose `\s` is `str.isspace()`. That includes U+001C–U+001F and U+0085 (JavaScript's `\s`
// does not) and excludes U+FEFF (JavaScript's `\s` includes it).
const WS = "\\t\\n\\v\\f\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

// All of them are in the BMP, so the patterns need no "u" flag (which makes them slower).
const LEADING = new RegExp(`^[${WS}]+`);
const TRAILING = new RegExp(`[${WS}]+$`);
const RUNS = new RegExp(`[${WS}][${WS}]+`, "g");

/** Python's `s.strip()`. */
export function pyStrip(s: string): string {
  return s.replace(LEADING, "").replace(TRAILING, "");
}

/** jiwer's `RemoveMultipleSpaces`: every run of two or more whitespace characters becomes one space. */
export function removeMultipleSpaces(s: string): string {
  return s.replace(RUNS, " ");
}

/** The characters of `s` as Python iterates them: code points, not UTF-16 units. */
export function codePoints(s: string): string[] {
  return Array.from(s);
}

/** Python's `len(s)`. */
export function pyLen(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
