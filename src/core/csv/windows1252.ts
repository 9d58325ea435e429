/**
 * windows-1252 decoding by hand: Node 20's TextDecoder("windows-1252") is really latin-1 and turns the € byte
 * (0x80) into U+0080. Bytes 0x80–0x9F map through this table; 0x81, 0x8D, 0x8F, 0x90 and 0x9D are unassigned
 * and, as in the WHATWG decoder, become the C1 control of the same value. All other bytes equal their code point.
 */
const HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const chunk = 8192;
  for (let start = 0; start < bytes.length; start += chunk) {
    const codes = Array.from(bytes.subarray(start, start + chunk), (b) => (b >= 0x80 && b < 0xa0 ? HIGH.charCodeAt(b - 0x80) : b));
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join("");
}
