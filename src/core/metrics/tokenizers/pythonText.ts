/**
 * Python's notion of whitespace, which sacrebleu relies on through `str.split()` and `str.rstrip()`. It differs
 * from JavaScript's `\s`: Python also splits on U+001C–U+001F and U+0085 (NEL) but not on U+FEFF (BOM).
 * (CPython: `str.isspace()`, i.e. bidirectional class WS/B/S or category Zs.)
 */
const PY_SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

const RUN = new RegExp(`[${PY_SPACE}]+`, "g");
const ONE = new RegExp(`^[${PY_SPACE}]$`);

/** `s.split()`: the non-empty pieces between runs of whitespace. */
export function pySplit(s: string): string[] {
  const parts = s.split(RUN);
  // Leading or trailing whitespace leaves an empty first or last piece.
  if (parts.length > 0 && parts[0] === "") parts.shift();
  if (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/** `s.rstrip()`. A loop, not /\s+$/, which is quadratic on long runs of inner whitespace. */
export function pyRstrip(s: string): string {
  let end = s.length;
  // Every Python whitespace character is a single UTF-16 unit.
  while (end > 0 && ONE.test(s[end - 1]!)) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** `"".join(s.split())`: the text with every whitespace character removed. */
export function pyRemoveWhitespace(s: string): string {
  return s.replace(RUN, "");
}
