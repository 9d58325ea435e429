import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { deflateRawSync, gzipSync } from "node:zlib";
import { parseCsv, readCsvFile } from "../../src/core/csv/read";
import { CsvError } from "../../src/core/errors/csvError";
import { runCli } from "../helpers/cli";
import { rng } from "../helpers/rng";

const CSV_TEXT = "source,name\nPatient Jürgen Müller,Jürgen Müller\nAnna Schmidt,Anna Schmidt\n";

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** A ZIP as Excel writes an .xlsx: local file headers (names in clear), deflated parts, a central directory. */
function xlsxBytes(): Buffer {
  const parts: [string, string][] = [
    ["[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
    ["_rels/.rels", '<?xml version="1.0"?><Relationships/>'],
    ["xl/workbook.xml", '<?xml version="1.0"?><workbook><sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>'],
    ["xl/worksheets/sheet1.xml", '<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>source</t></is></c></row></sheetData></worksheet>'],
  ];
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of parts) {
    const data = Buffer.from(text, "utf8");
    const packed = deflateRawSync(data);
    const fixed = (signature: number, size: number): Buffer => {
      const b = Buffer.alloc(size);
      b.writeUInt32LE(signature, 0);
      return b;
    };
    const local = fixed(0x04034b50, 30);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(Buffer.byteLength(name), 26);
    const entry = Buffer.concat([local, Buffer.from(name), packed]);
    const dir = fixed(0x02014b50, 46);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc32(data), 16);
    dir.writeUInt32LE(packed.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(Buffer.byteLength(name), 28);
    dir.writeUInt32LE(offset, 42);
    central.push(Buffer.concat([dir, Buffer.from(name)]));
    locals.push(entry);
    offset += entry.length;
  }
  const centralBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBytes, end]);
}

function randomBytes(seed: number, length: number): Buffer {
  const next = rng(seed);
  return Buffer.from(Array.from({ length }, () => Math.floor(next() * 256)));
}

/** Asserts that `fn` throws a CsvError naming `file` whose message matches every pattern, and never the ragged-row one. */
function refuses(fn: () => unknown, file: string, ...patterns: RegExp[]): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof CsvError, `expected CsvError, got ${String(error)}`);
    assert.ok(error.message.includes(file), `names the file: ${error.message}`);
    assert.doesNotMatch(error.message, /fields|no "source" column/);
    for (const p of patterns) assert.match(error.message, p);
    return true;
  });
}

describe("a file that is not a text CSV is refused as such", () => {
  it("an Excel workbook (.xlsx, a ZIP) says to save it as CSV UTF-8", () => {
    refuses(() => parseCsv(xlsxBytes(), "data.xlsx"), "data.xlsx", /is an Excel workbook \(\.xlsx\), not a CSV/, /save it as "CSV UTF-8"/);
  });

  it("a gzip file says to decompress it", () => {
    refuses(() => parseCsv(gzipSync(CSV_TEXT), "data.csv.gz"), "data.csv.gz", /not a text CSV: it is gzip-compressed/, /Decompress it first/);
  });

  it("random bytes are a binary file, for many seeds and sizes", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const length = 256 + ((seed * 977) % 20_000);
      refuses(() => parseCsv(randomBytes(seed, length), `r${seed}.csv`), `r${seed}.csv`, /is not a text CSV/);
    }
  });

  it("a GGUF model passed as the CSV says where a model goes", () => {
    const gguf = Buffer.concat([Buffer.from("GGUF"), Buffer.from([3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), randomBytes(7, 4000)]);
    refuses(() => parseCsv(gguf, "model.gguf"), "model.gguf", /it is a GGUF model file/, /--model/);
  });

  it("UTF-16 without a byte-order mark is named, not parsed as binary garbage", () => {
    const utf16 = Buffer.from(CSV_TEXT.replace(/[üÜ]/g, "u"), "utf16le");
    refuses(() => parseCsv(utf16, "u16.csv"), "u16.csv", /looks UTF-16 encoded \(little-endian/, /CSV UTF-8/);
  });

  it("still reads text with odd bytes: windows-1252, a few control characters in cells, NUL inside quotes", () => {
    const cp1252 = Buffer.from("source;name\r\nM\xfcller \x80 5;M\xfcller\r\n", "latin1");
    assert.equal(parseCsv(cp1252, "de.csv").records[0]!.values[0], "Müller € 5");
    const stray = parseCsv(Buffer.from("source,name\na\x0bb,x\nc\x01d,y\n"), "stray.csv");
    assert.deepEqual(stray.records.map((r) => r.values[0]), ["a\x0bb", "c\x01d"]);
    const quoted = parseCsv(Buffer.from(`source,name\n"=\u0000",x\n"\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000e",y\n`), "q.csv");
    assert.equal(quoted.records[0]!.values[0], "=\u0000");
  });

  it("readCsvFile (the streaming reader) refuses the same way", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-nontext-"));
    const file = join(dir, "book.xlsx");
    writeFileSync(file, xlsxBytes());
    await assert.rejects(readCsvFile(file), (error: unknown) => error instanceof CsvError && error.message.includes(file) && /Excel workbook/.test(error.message));
  });
});

describe("prompt-bench run --csv with a non-text file", () => {
  // Failed before: the random file was "the row has 1 fields but the header has 2", the gzip "has no source column".
  it("exits 1 with the file named and what it is, for binary, gzip and xlsx", { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-nontext-cli-"));
    writeFileSync(join(dir, "p.prompt.txt"), "Extract {source}\n");
    const cases: [string, Buffer, RegExp][] = [
      ["rand.csv", randomBytes(12345, 4096), /is not a text CSV: it looks like a binary file/],
      ["data.csv.gz", gzipSync(CSV_TEXT), /is not a text CSV: it is gzip-compressed\. Decompress it first/],
      ["data.xlsx", xlsxBytes(), /is an Excel workbook \(\.xlsx\), not a CSV/],
    ];
    for (const [name, bytes, message] of cases) {
      const csv = join(dir, name);
      writeFileSync(csv, bytes);
      const r = runCli(["run", "--prompt", join(dir, "p.prompt.txt"), "--csv", csv, "--skip-inference"]);
      assert.equal(r.status, 1, `${name}: ${r.stderr}`);
      assert.ok(r.stderr.includes(csv), `${name}: names the file: ${r.stderr}`);
      assert.match(r.stderr, message, name);
      assert.doesNotMatch(r.stderr, /fields|failed unexpectedly|\n\s+at /, name);
    }
  });
});
