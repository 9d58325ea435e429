import { CsvError } from "../errors/csvError";
import type { CsvEncoding } from "./table";
import { decodeWindows1252 } from "./windows1252";

export interface DecodedText {
  text: string;
  encoding: CsvEncoding;
}

/**
 * UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, otherwise windows-1252: German Excel "CSV" exports
 * are latin-1/windows-1252, and a strict UTF-8 decode rejects their ä/ö/ü/ß/€ bytes. Latin-1 text that happens
 * to be valid UTF-8 is practically nonexistent, so this guess is safe.
 */
export function decodeCsvBytes(bytes: Uint8Array, file: string): DecodedText {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw new CsvError(
      `${file} is UTF-16 encoded (Excel's "Unicode Text"). Save it as "CSV UTF-8" or "CSV (comma/semicolon delimited)" and try again.`,
      file,
    );
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: "windows-1252" };
  }
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}
