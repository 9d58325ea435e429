import { CsvError } from "../errors/csvError";
import { fileKind } from "./fileKind";
import { sniffDelimiter } from "./sniff";

/** How much of a file's start is examined (Git looks at 8000 bytes; a long header line deserves more). */
export const TEXT_SAMPLE_BYTES = 64 * 1024;

/** Unquoted control characters, at least this many and this share of the sample, make it not text. */
const MIN_CONTROLS = 8;
const MIN_CONTROL_PERCENT = 1;

/**
 * Refuses a file that is not a text CSV, from its first bytes, before any parsing ("the row has 2 fields" says
 * nothing useful about a ZIP). The rule looks only outside quoted cells, where a spreadsheet's CSV export never
 * puts control characters, so a cell holding stray control bytes, a NUL included, still parses when quoted, and
 * a few unquoted ones in the rows do too. The file is refused when
 * - its header line (outside quotes) holds a NUL or another control character: column names are typed text; or
 * - at least 8 unquoted NUL/control characters make up at least 1% of the unquoted bytes of the sample.
 * Tab, line feed, vertical tab, form feed and carriage return are not counted. A known binary signature (an
 * Excel workbook, gzip, PDF, GGUF…) only names the kind of file in the message; formatCsv quotes every cell with
 * a control character, so nothing Prompt Bench writes is ever refused.
 */
export function refuseNonText(bytes: Uint8Array, file: string): void {
  let sample = bytes.subarray(0, TEXT_SAMPLE_BYTES);
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) sample = sample.subarray(3);
  const scan = scanControls(sample);
  const percent = scan.outside === 0 ? 0 : (100 * scan.controls) / scan.outside;
  if (scan.headerControl === undefined && !(scan.controls >= MIN_CONTROLS && percent >= MIN_CONTROL_PERCENT)) return;

  const kind = fileKind(sample);
  if (kind?.spreadsheet) {
    throw new CsvError(`${file} is ${kind.name}, not a CSV. Open it in ${kind.spreadsheet} and save it as "CSV UTF-8", then use the .csv file.`, file);
  }
  const utf16 = looksUtf16(sample);
  if (utf16 && !kind) {
    throw new CsvError(`${file} looks UTF-16 encoded (${utf16}, without a byte-order mark), so it is not read as text. Save it as "CSV UTF-8" and try again.`, file);
  }
  const what = kind
    ? `it is ${kind.name}`
    : scan.nul > 0
      ? `it looks like a binary file (${scan.nul} NUL bytes outside quoted cells in its first ${sizeText(sample.length)}, the first on line ${scan.firstNulLine})`
      : scan.headerControl !== undefined
        ? `its first line holds the control character 0x${scan.headerControl.toString(16).padStart(2, "0")}, so it is no header line`
        : `${percent.toFixed(0)}% of its first ${sizeText(sample.length)} are control characters`;
  const fix = kind?.fix ?? "Export it as CSV (UTF-8 or Windows-1252) and try again.";
  throw new CsvError(`${file} is not a text CSV: ${what}. ${fix}`, file, kind ? undefined : scan.nul > 0 ? scan.firstNulLine : undefined);
}

interface ControlScan {
  /** Unquoted NUL and control bytes, of `outside` unquoted bytes. */
  controls: number;
  nul: number;
  outside: number;
  firstNulLine: number;
  /** The first unquoted control byte of the header line. */
  headerControl?: number;
}

const isControl = (b: number): boolean => b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f;

/**
 * Counts control bytes outside quoted cells. A `"` opens a quoted cell only at the start of a field (as the
 * parser reads `5" screen` as text), and `""` inside one is an escaped quote.
 */
function scanControls(sample: Uint8Array): ControlScan {
  const delimiter = sniffDelimiter(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength).toString("latin1")).charCodeAt(0);
  const scan: ControlScan = { controls: 0, nul: 0, outside: 0, firstNulLine: 0 };
  let line = 1;
  let quoted = false;
  let fieldStart = true;
  let inHeader = true;
  let content = false;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b === 0x0a || (b === 0x0d && sample[i + 1] !== 0x0a)) line++;
    if (quoted) {
      if (b === 0x22) {
        if (sample[i + 1] === 0x22) i++;
        else quoted = false;
      }
      continue;
    }
    scan.outside++;
    if (b === 0x22 && fieldStart) {
      quoted = true;
      fieldStart = false;
      content = true;
      continue;
    }
    if (b === 0x0a || b === 0x0d) {
      if (content) inHeader = false;
      fieldStart = true;
      continue;
    }
    fieldStart = b === delimiter;
    content = true;
    if (!isControl(b)) continue;
    scan.controls++;
    if (b === 0) {
      if (scan.nul++ === 0) scan.firstNulLine = line;
    }
    if (inHeader) scan.headerControl ??= b;
  }
  return scan;
}

/** "little-endian" or "big-endian" when NULs sit at every other byte, as in UTF-16 text of Latin script. */
function looksUtf16(sample: Uint8Array): string | undefined {
  const n = Math.min(sample.length, 1024) & ~1;
  if (n < 8) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) even++;
    if (sample[i + 1] === 0) odd++;
  }
  const half = n / 2;
  if (odd >= 0.4 * half && even <= 0.05 * half) return "little-endian";
  if (even >= 0.4 * half && odd <= 0.05 * half) return "big-endian";
  return undefined;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KiB` : `${bytes} bytes`;
}
