import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CsvPushParser } from "../../src/core/csv/pushParser";
import { parseCsv } from "../../src/core/csv/read";
import { streamCsvFile, streamCsvFileSync } from "../../src/core/csv/stream";
import type { CsvRecord } from "../../src/core/csv/table";
import { formatCsv } from "../../src/core/csv/write";
import { writeCsvFileAtomic } from "../../src/core/csv/writeFile";
import { rng } from "../helpers/rng";

const PIECES = ["a", "Z", " ", ",", ";", "\t", '"', '""', "\n", "\r\n", "\r", "ä", "ß", "€", "😀", "\ufeff", "x y", "Sehr geehrte Frau Kollegin"];

function awkwardTable(seed: number, rows: number, columns: number): { columns: string[]; rows: string[][] } {
  const next = rng(seed);
  const text = () => Array.from({ length: Math.floor(next() * 6) }, () => PIECES[Math.floor(next() * PIECES.length)]).join("");
  return {
    columns: ["source", ...Array.from({ length: columns - 1 }, (_, i) => `c${i}`)],
    rows: Array.from({ length: rows }, () => Array.from({ length: columns }, text)),
  };
}

/** Parses `bytes` through the push parser fed `size` bytes at a time. */
function parseInPieces(bytes: Uint8Array, size: number, encoding: "utf-8" | "windows-1252" = "utf-8"): { columns: string[]; records: CsvRecord[] } {
  const records: CsvRecord[] = [];
  let columns: string[] = [];
  const parser = new CsvPushParser("pieces.csv", encoding, { header: (h) => (columns = h.columns), record: (r) => records.push(r) });
  for (let at = 0; at < bytes.length; at += size) parser.write(bytes.slice(at, at + size));
  parser.end();
  return { columns, records };
}

const tempDir = () => mkdtempSync(join(tmpdir(), "pb-streaming-csv-"));

describe("streaming CSV writer", () => {
  it("writes exactly formatCsv's bytes: quotes, line breaks in cells, a BOM character inside a cell, emoji", () => {
    const dir = tempDir();
    for (const seed of [1, 2, 3]) {
      const table = awkwardTable(seed, 300, 4);
      const file = join(dir, `t${seed}.csv`);
      const bytes = writeCsvFileAtomic(file, table.columns, table.rows.length, (row) => table.rows[row]!);
      const expected = formatCsv(table.columns, table.rows);
      assert.equal(readFileSync(file, "utf8"), expected, `seed ${seed}`);
      assert.equal(bytes, Buffer.byteLength(expected));
    }
  });

  it("is byte-identical across its 1 MiB write pieces and for a one-column table with empty cells", () => {
    const dir = tempDir();
    const long = "Wir berichten über Ihre Patientin; sie wurde am 3.4. entlassen.\n".repeat(40); // ~2.6 KB, quoted
    const rows = Array.from({ length: 1500 }, (_, i) => [`${long}${i}`, i % 2 ? "" : `"${i}"`]);
    const file = join(dir, "big.csv");
    writeCsvFileAtomic(file, ["source", "x"], rows.length, (row) => rows[row]!);
    assert.ok(readFileSync(file).length > 3 * (1 << 20), "spans several write pieces");
    assert.equal(readFileSync(file, "utf8"), formatCsv(["source", "x"], rows));
    const single = join(dir, "single.csv");
    writeCsvFileAtomic(single, ["source"], 3, (row) => [["a", "", "b"][row]!]);
    assert.equal(readFileSync(single, "utf8"), formatCsv(["source"], [["a"], [""], ["b"]]));
    assert.equal(readFileSync(single, "utf8"), 'source\na\n""\nb\n');
  });

  it("leaves the old file in place when a row cannot be written", () => {
    const dir = tempDir();
    const file = join(dir, "keep.csv");
    writeFileSync(file, "source\nold\n");
    assert.throws(() => writeCsvFileAtomic(file, ["source", "x"], 2, (row) => (row === 0 ? ["a", "b"] : ["only one"])), /row 1 has 1 cells, expected 2/);
    assert.equal(readFileSync(file, "utf8"), "source\nold\n");
  });
});

describe("chunked CSV parsing", () => {
  it("gives the same records and start lines whatever the chunk size (CRLF, lone CR, multi-byte characters split)", () => {
    const table = awkwardTable(7, 200, 3);
    const text = `\ufeff${formatCsv(table.columns, table.rows).replace(/\n/g, "\r\n")}\r\nlast,"x\ry",z\rafter,1,2\n`;
    const bytes = new TextEncoder().encode(text);
    const whole = parseCsv(bytes, "whole.csv");
    assert.equal(whole.columns[0], "source", "the BOM is dropped");
    for (const size of [1, 2, 3, 5, 64, 4096]) {
      const pieces = parseInPieces(bytes, size);
      assert.deepEqual(pieces.columns, whole.columns, `chunk ${size}`);
      assert.deepEqual(pieces.records, whole.records, `chunk ${size}`);
    }
    assert.equal(whole.records.at(-1)?.values[0], "after");
  });

  it("decodes windows-1252 in pieces and sniffs a ; header split across chunks", () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode("source;name\nK"), 0xf6, 0x6c, 0x6e, 0x3b, 0x80, 0x0a]);
    const whole = parseCsv(bytes, "latin.csv");
    assert.equal(whole.encoding, "windows-1252");
    assert.equal(whole.delimiter, ";");
    assert.deepEqual(whole.records[0]?.values, ["Köln", "€"]);
    assert.deepEqual(parseInPieces(bytes, 2, "windows-1252").records, whole.records);
  });

  it("streams a file in 1 MiB reads with the same result as parsing it whole, sync and async", async () => {
    const dir = tempDir();
    const letter = "Sehr geehrte Kollegin,\r\nwir berichten über Frau Müller; Diagnose: \"Z.n. Apoplex\".\n";
    const rows = Array.from({ length: 6000 }, (_, i) => [`${letter.repeat(4 + (i % 7))}${i}`, `Fall ${i}`]);
    const file = join(dir, "big.csv");
    writeFileSync(file, formatCsv(["source", "case"], rows));
    const whole = parseCsv(readFileSync(file), file);
    const sync: CsvRecord[] = [];
    streamCsvFileSync(file, { header: () => undefined, record: (r) => sync.push(r) });
    const async: CsvRecord[] = [];
    await streamCsvFile(file, { header: () => undefined, record: (r) => async.push(r) });
    assert.ok(readFileSync(file).length > 2 * (1 << 20));
    assert.equal(sync.length, 6000);
    assert.deepEqual(sync, whole.records);
    assert.deepEqual(async, whole.records);
  });
});
