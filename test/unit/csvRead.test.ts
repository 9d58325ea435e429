import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parseCsv, readCsvFile, requireSourceColumn } from "../../src/core/csv/read";
import { cell } from "../../src/core/csv/table";
import { decodeWindows1252 } from "../../src/core/csv/windows1252";
import { CsvError } from "../../src/core/errors/csvError";

const FIXTURES = join(__dirname, "..", "..", "..", "test", "fixtures", "csv");
const utf8 = (text: string) => new TextEncoder().encode(text);
const parse = (text: string) => parseCsv(utf8(text), "in.csv");
const lines = (text: string) => parse(text).records.map((r) => r.line);

/** Asserts that `fn` throws a CsvError whose message matches every pattern. */
function throwsCsv(fn: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof CsvError, `expected CsvError, got ${String(error)}`);
    for (const p of patterns) assert.match(error.message, p);
    return true;
  });
}

describe("parseCsv encodings", () => {
  it("decodes a BOM-less windows-1252 file with ; and CRLF (German Excel export)", async () => {
    const table = await readCsvFile(join(FIXTURES, "latin1_semicolon.csv"));
    assert.equal(table.encoding, "windows-1252");
    assert.equal(table.delimiter, ";");
    assert.deepEqual(table.columns, ["source", "name", "city"]);
    assert.equal(table.records[0].values[0], "Patient Jürgen Müller aus Köln, Größe 1,80 m; Kosten 5 €");
    assert.equal(cell(table, table.records[0], "name"), "Jürgen Müller");
    assert.equal(cell(table, table.records[1], "city"), "Gießen");
    assert.equal(cell(table, table.records[1], "name"), "Ä. Übel");
  });

  it("decodes UTF-8 with a BOM and does not leak the BOM into the first column name", async () => {
    const table = await readCsvFile(join(FIXTURES, "utf8_bom.csv"));
    assert.equal(table.encoding, "utf-8");
    assert.equal(table.delimiter, ",");
    assert.equal(table.columns[0], "source");
    assert.equal(table.records[0].values[0], "Patient Jürgen Müller aus Köln, Größe 1,80 m; Kosten 5 €");
    assert.equal(cell(table, table.records[1], "name"), "Ä. Übel");
  });

  it("decodes UTF-8 without a BOM, including ä ö ü ß € and emoji", () => {
    const table = parse("source,x\näöüß€ 😀,1\n");
    assert.equal(table.encoding, "utf-8");
    assert.equal(table.records[0].values[0], "äöüß€ 😀");
  });

  it("maps every windows-1252 special byte (0x80 € … 0x9F Ÿ, 0xE4 ä, 0xDF ß)", () => {
    const bytes = Uint8Array.from([...utf8("source\n"), 0x80, 0xe4, 0xf6, 0xfc, 0xdf, 0xc4, 0x9f, 0x0a]);
    const table = parseCsv(bytes, "x.csv");
    assert.equal(table.encoding, "windows-1252");
    assert.equal(table.records[0].values[0], "€äöüßÄŸ");
  });

  it("rejects UTF-16 with a message that says how to re-save", () => {
    throwsCsv(() => parseCsv(Uint8Array.from([0xff, 0xfe, 0x73, 0x00]), "u16.csv"), /u16\.csv is UTF-16/, /CSV UTF-8/);
  });
});

describe("parseCsv delimiters and quoting", () => {
  it("sniffs a tab delimiter", async () => {
    const table = await readCsvFile(join(FIXTURES, "utf8_tab.tsv"));
    assert.equal(table.delimiter, "\t");
    assert.equal(cell(table, table.records[0], "source"), "Patient Jürgen Müller aus Köln, Größe 1,80 m; Kosten 5 €");
  });

  it("sniffs from the header only, ignoring delimiters inside quoted header names", () => {
    const table = parse('"a;b";"c,d,e"\n1;2\n');
    assert.equal(table.delimiter, ";");
    assert.deepEqual(table.columns, ["a;b", "c,d,e"]);
  });

  it("prefers , over ; on a tie and uses , for a one-column file", () => {
    assert.equal(parse("source,a;b\nx,y\n").delimiter, ",");
    assert.deepEqual(parse("source\nx;y\n").records[0].values, ["x;y"]);
  });

  it("reads quoted fields with embedded newlines, delimiters and doubled quotes", () => {
    const table = parse('source,b\n"line 1\nline 2, still","say ""hi"""\n');
    assert.deepEqual(table.records[0].values, ["line 1\nline 2, still", 'say "hi"']);
  });

  it("keeps stray quotes as text (inside an unquoted cell, after a closing quote)", () => {
    assert.deepEqual(parse('source,b\n5" screen,x\n').records[0].values, ['5" screen', "x"]);
    assert.deepEqual(parse('source,b\n"x"y,2\n').records[0].values, ['"x"y', "2"]);
  });

  it("trims header names but not cell values", () => {
    const table = parse(" source , name \n  a  , b \n");
    assert.deepEqual(table.columns, ["source", "name"]);
    assert.deepEqual(table.records[0].values, ["  a  ", " b "]);
  });
});

describe("parseCsv line numbers", () => {
  it("gives each record the 1-based line it starts on, across multi-line cells and blank lines (LF)", () => {
    assert.deepEqual(lines('source,b\n"x\ny",1\n\n2,3\n"p\n\nq",4\nlast,5'), [2, 5, 6, 9]);
  });

  it("counts CRLF once, inside quoted cells too", async () => {
    const table = await readCsvFile(join(FIXTURES, "multiline_crlf.csv"));
    assert.deepEqual(table.records.map((r) => r.line), [2, 5, 6, 9]);
    assert.deepEqual(table.records.map((r) => r.values[1]), ["Anna", "Bob", "Carl", "Dora"]);
    assert.equal(table.records[0].values[0], "first line\r\nsecond line");
    assert.equal(table.records[1].values[0], 'He said "hi"');
  });

  it("handles mixed line endings, lone CR, leading blank lines and a missing final newline", () => {
    const table = parse("\n\r\nsource,b\r\n1,2\n3,4\r5,6");
    assert.deepEqual(table.records.map((r) => [r.line, ...r.values]), [[4, "1", "2"], [5, "3", "4"], [6, "5", "6"]]);
  });

  it("skips rows whose cells are all blank (Excel's ;;; rows) but counts their lines", () => {
    const table = parse("source;b\n;;\n;\n  ; \nx;y\n");
    assert.deepEqual(table.records.map((r) => [r.line, r.values]), [[5, ["x", "y"]]]);
  });

  it("counts lines in a windows-1252 file by its own line breaks", () => {
    const bytes = Uint8Array.from([...utf8("source;n\r\n\"a\r\nb\";"), 0xe4, ...utf8("\r\nc;d\r\n")]);
    const table = parseCsv(bytes, "l.csv");
    assert.deepEqual(table.records.map((r) => r.line), [2, 4]);
    assert.equal(table.records[0].values[1], "ä");
  });
});

describe("parseCsv errors", () => {
  it("rejects an empty or whitespace-only file", () => {
    throwsCsv(() => parse(""), /in\.csv is empty/);
    throwsCsv(() => parse(" \r\n\n"), /in\.csv is empty/);
    throwsCsv(() => parseCsv(Uint8Array.from([0xef, 0xbb, 0xbf]), "bom.csv"), /bom\.csv is empty/);
  });

  it("rejects a file that has only blank rows", () => {
    throwsCsv(() => parse(";;\n;;\n"), /no header line/);
  });

  it("names file and line of a row with the wrong number of fields", async () => {
    await assert.rejects(readCsvFile(join(FIXTURES, "ragged.csv")), (error: unknown) => {
      assert.ok(error instanceof CsvError);
      assert.match(error.message, /ragged\.csv:5: the row has 3 fields but the header has 2/);
      assert.equal(error.line, 5);
      return true;
    });
    throwsCsv(() => parse("source,b\r\nx\r\n"), /in\.csv:2: the row has 1 fields but the header has 2/);
  });

  it("names the line where an unclosed quote starts", () => {
    throwsCsv(() => parse('source,b\n1,2\n3,"open\n4,5\n'), /in\.csv:3: the row starting on line 3 has a quoted field that is never closed/);
  });

  it("names the right line for an unclosed quote after multi-line CRLF rows", () => {
    assert.throws(() => parse('source,b\r\n"a\r\nb",1\r\nx,"y\r\nz\r\n'), (error: unknown) => {
      assert.ok(error instanceof CsvError);
      assert.match(error.message, /^in\.csv:4: the row starting on line 4 has a quoted field/);
      assert.equal(error.line, 4);
      return true;
    });
  });

  it("rejects empty and duplicate header names by column position", () => {
    throwsCsv(() => parse("source;;b\n1;2;3\n"), /in\.csv:1: column 2 of the header has no name/);
    throwsCsv(() => parse("source,b,c,\n1,2,3,4\n"), /column 4 of the header has no name/);
    throwsCsv(() => parse("source,b, b\n1,2,3\n"), /column 3 repeats the name "b" of column 2/);
  });

  it("reports a missing file as a CsvError naming the path", async () => {
    await assert.rejects(readCsvFile(join(FIXTURES, "nope.csv")), (error: unknown) => {
      assert.ok(error instanceof CsvError);
      assert.match(error.message, /nope\.csv does not exist/);
      return true;
    });
  });
});

describe("requireSourceColumn", () => {
  it("accepts a table with a source column", () => {
    assert.doesNotThrow(() => requireSourceColumn(parse("a,source\n1,2\n")));
  });

  it("names the file, the columns found, the delimiter and the encoding", async () => {
    const table = await readCsvFile(join(FIXTURES, "no_source.csv"));
    throwsCsv(() => requireSourceColumn(table), /no_source\.csv has no "source" column/, /Found columns: "text", "name", "city"/, /delimiter ";"/, /encoding utf-8/);
  });

  it("hints at a case mismatch", () => {
    throwsCsv(() => requireSourceColumn(parse("Source,b\n1,2\n")), /Rename "Source" to "source"/);
  });
});

describe("decodeWindows1252", () => {
  it("matches the windows-1252 table for 0x80–0x9F and latin-1 above", () => {
    const bytes = Uint8Array.from({ length: 0x20 }, (_, i) => 0x80 + i);
    assert.equal(decodeWindows1252(bytes), "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ");
    assert.equal(decodeWindows1252(Uint8Array.from([0x41, 0xa0, 0xc4, 0xd6, 0xdc, 0xdf, 0xe4, 0xf6, 0xfc, 0xff])), "A\u00a0ÄÖÜßäöüÿ");
  });

  it("decodes inputs longer than one chunk", () => {
    const bytes = new Uint8Array(20000).fill(0x80);
    assert.equal(decodeWindows1252(bytes), "€".repeat(20000));
  });
});
