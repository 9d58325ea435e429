const PLAIN = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A number as written in an English or German CSV cell, or undefined. Rules (docs/typed-fields.md):
 * - spaces (also no-break and thin spaces) are dropped: `1 234,5`;
 * - both `.` and `,`: the last one is the decimal mark, the other groups thousands (`1.234,5` and `1,234.5` are 1234.5);
 * - one `,` and no `.`: a decimal comma, always (`1,5` is 1.5 and `1,234` is 1.234: in a German CSV thousands are
 *   grouped with `.`, and a comma CSV field holding "1,234" was quoted on purpose);
 * - several of the same mark: thousands groups of three digits (`1.234.567`, `1,234,567`), else not a number;
 * - otherwise JavaScript's plain decimal syntax (`1.5`, `-3`, `2e3`); `NaN`, `Infinity` and hex are not numbers.
 */
export function parseNumber(text: string): number | undefined {
  const s = text.replace(/[\s\u00a0\u202f]/g, "");
  if (s === "") return undefined;
  const sign = /^[+-]/.test(s) ? s[0]! : "";
  const body = sign ? s.slice(1) : s;
  if (PLAIN.test(s) && (body.match(/\./g) ?? []).length <= 1) return finite(Number(s));
  if (!/^[\d.,]+$/.test(body)) return undefined;
  const dot = body.lastIndexOf(".");
  const comma = body.lastIndexOf(",");
  if (dot >= 0 && comma >= 0) {
    const decimal = dot > comma ? "." : ",";
    const group = decimal === "." ? "," : ".";
    const at = Math.max(dot, comma);
    const whole = grouped(body.slice(0, at), group);
    const fraction = body.slice(at + 1);
    if (whole === undefined || !/^\d*$/.test(fraction)) return undefined;
    return finite(Number(`${sign}${whole}.${fraction || "0"}`));
  }
  const mark = comma >= 0 ? "," : ".";
  const count = body.split(mark).length - 1;
  if (count === 1) {
    const [whole, fraction] = body.split(mark) as [string, string];
    if (whole === "" && fraction === "") return undefined;
    return finite(Number(`${sign}${whole || "0"}.${fraction || "0"}`));
  }
  const whole = grouped(body, mark);
  return whole === undefined ? undefined : finite(Number(`${sign}${whole}`));
}

/** Digits grouped in threes by `mark` (`1.234.567`), without the marks; a single group stands as is. */
function grouped(text: string, mark: string): string | undefined {
  const parts = text.split(mark);
  if (parts.length === 1) return /^\d+$/.test(text) ? text : undefined;
  if (!/^\d{1,3}$/.test(parts[0]!) || parts.slice(1).some((p) => !/^\d{3}$/.test(p))) return undefined;
  return parts.join("");
}

function finite(n: number): number | undefined {
  return Number.isFinite(n) ? n : undefined;
}
