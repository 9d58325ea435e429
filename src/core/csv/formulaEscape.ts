/**
 * CSV injection ("formula injection"): a spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a
 * CR as a formula, so a model output such as `=HYPERLINK("http://…")` would become live when the results CSV is
 * opened in Excel. As OWASP recommends, such a cell is written with a single quote in front (`'=HYPERLINK…`),
 * which spreadsheets show as text.
 *
 * The rule is reversible, so Prompt Bench reads its own files back exactly:
 * - a cell is prefixed with `'` when it starts with a trigger and is not a plain number, or when it starts with
 *   `'` followed by a trigger or another `'` (so an output that itself begins `'=` comes back as `'=`);
 * - reading removes one leading `'` when a trigger or a `'` follows it, and changes nothing else.
 */
const TRIGGERS = new Set(["=", "+", "-", "@", "\t", "\r"]);

/**
 * A plain number: optional sign, ASCII digits with at most one decimal separator (`.` or `,`, digits on at least
 * one side), optional exponent (`e`/`E`, optional sign, digits). `-3`, `+1.5`, `-0.25e3`, `-0,5` and `-.5` are;
 * `-`, `1-2`, `- 3`, `-1e`, `-Infinity`, `0x1F` and `-3 ` are not. Such a cell cannot call anything, and a
 * spreadsheet should keep showing it as the number it is.
 */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;

export function isPlainNumber(text: string): boolean {
  return PLAIN_NUMBER.test(text);
}

function startsFormula(text: string): boolean {
  return TRIGGERS.has(text.charAt(0)) && !isPlainNumber(text);
}

/** The cell as written to a results CSV (see the rule above). */
export function escapeFormula(text: string): string {
  const first = text.charAt(0);
  if (startsFormula(text)) return `'${text}`;
  if (first === "'" && (TRIGGERS.has(text.charAt(1)) || text.charAt(1) === "'")) return `'${text}`;
  return text;
}

/** The model's text of a cell read from a results CSV written with escapeFormula. */
export function unescapeFormula(text: string): string {
  if (text.charAt(0) !== "'") return text;
  const next = text.charAt(1);
  return TRIGGERS.has(next) || next === "'" ? text.slice(1) : text;
}
