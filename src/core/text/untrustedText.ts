/**
 * A string from an untrusted file (GGUF metadata, a file's first bytes, llama.cpp's messages about them) made
 * safe to print in a terminal, a log or a notification: control characters (ANSI escapes), DEL, C1 controls and
 * bidirectional overrides become \uXXXX escapes, and it is cut to `max` characters.
 */
export function printable(value: string, max = 200): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  let out = "";
  for (const c of cut) out += unsafe(c.charCodeAt(0)) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}` : c;
  return out;
}

/** C0 controls but tab and newline, DEL, C1 controls, and the bidirectional marks and overrides. */
function unsafe(code: number): boolean {
  if (code === 0x09 || code === 0x0a) return false;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

/** `printable` in double quotes, for a value inside a sentence; newlines and tabs are escaped too. */
export function quoted(value: string, max = 80): string {
  return `"${printable(value.replace(/\n/g, "\\n").replace(/\t/g, "\\t").replace(/\r/g, "\\r"), max)}"`;
}
