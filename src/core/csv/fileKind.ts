/** What a non-text file is, from its signature, for the message that refuses it as a CSV. */
export interface FileKind {
  /** "a gzip archive". */
  name: string;
  /** The program to save it as CSV from, for spreadsheet files. */
  spreadsheet?: string;
  /** What to do instead, when not the general advice (export it as CSV). */
  fix?: string;
}

const UNPACK = "Decompress it first and pass the CSV inside to --csv.";

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/** Signatures (magic bytes at offset 0) of files likely to be passed as a CSV by mistake. */
const SIGNATURES: { bytes: number[]; kind: FileKind }[] = [
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], kind: { name: "an Excel 97-2003 workbook (.xls) or another old Office file", spreadsheet: "Excel" } },
  { bytes: [0x1f, 0x8b], kind: { name: "gzip-compressed", fix: UNPACK } },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], kind: { name: "a 7-Zip archive", fix: UNPACK } },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], kind: { name: "xz-compressed", fix: UNPACK } },
  { bytes: ascii("BZh"), kind: { name: "bzip2-compressed", fix: UNPACK } },
  { bytes: ascii("%PDF-"), kind: { name: "a PDF document" } },
  { bytes: [0x89, ...ascii("PNG")], kind: { name: "a PNG image" } },
  { bytes: [0xff, 0xd8, 0xff], kind: { name: "a JPEG image" } },
  { bytes: ascii("GIF8"), kind: { name: "a GIF image" } },
  { bytes: ascii("GGUF"), kind: { name: "a GGUF model file", fix: "A model goes to --model (or the models file); --csv takes the dataset." } },
  { bytes: ascii("SQLite format 3\0"), kind: { name: "an SQLite database" } },
  { bytes: ascii("PAR1"), kind: { name: "a Parquet file" } },
  { bytes: [0x7f, ...ascii("ELF")], kind: { name: "a program (ELF executable)" } },
];

const ZIP = [0x50, 0x4b, 0x03, 0x04];

export function fileKind(sample: Uint8Array): FileKind | undefined {
  const startsWith = (bytes: number[]) => bytes.every((b, i) => sample[i] === b);
  if (startsWith(ZIP)) return zipKind(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength).toString("latin1"));
  return SIGNATURES.find((s) => startsWith(s.bytes))?.kind;
}

/** An .xlsx or .ods is a ZIP whose first entries name its parts (the local headers hold the names in clear). */
function zipKind(text: string): FileKind {
  if (text.includes("xl/")) return { name: "an Excel workbook (.xlsx)", spreadsheet: "Excel" };
  if (text.includes("application/vnd.oasis.opendocument.spreadsheet")) return { name: "an OpenDocument spreadsheet (.ods)", spreadsheet: "LibreOffice Calc" };
  if (text.includes("word/")) return { name: "a Word document (.docx)" };
  if (text.includes("[Content_Types].xml")) return { name: "an Office document (.xlsx, .docx or .pptx)" };
  return { name: "a ZIP archive", fix: UNPACK };
}
