import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCsv } from "../../src/core/csv/read";
import { formatCell, formatCsv } from "../../src/core/csv/write";
import { rng } from "../helpers/rng";

const roundTrip = (columns: string[], rows: string[][]) => {
  const table = parseCsv(new TextEncoder().encode(formatCsv(columns, rows)), "rt.csv");
  return { columns: table.columns, rows: table.records.map((r) => r.values), delimiter: table.delimiter };
};

const PIECES = ["a", "Z", " ", "  ", ",", ";", "\t", '"', '""', "\n", "\r\n", "\r", "ä", "ß", "€", "😀", "👩‍👩‍👧", "{", "}", "=1+1", "-", "\u00a0", "x y", "'"];

function awkwardString(next: () => number): string {
  let s = "";
  const length = Math.floor(next() * 6);
  for (let i = 0; i < length; i++) s += PIECES[Math.floor(next() * PIECES.length)];
  return s;
}

describe("formatCsv", () => {
  it("writes a header, rows, \\n line ends and a final newline", () => {
    assert.equal(formatCsv(["source", "b"], [["x", "y"], ["", "z"]]), "source,b\nx,y\n,z\n");
    assert.equal(formatCsv(["source"], []), "source\n");
  });

  it("quotes exactly the cells that need it", () => {
    assert.equal(formatCell("plain text"), "plain text");
    assert.equal(formatCell(""), "");
    assert.equal(formatCell("a,b"), '"a,b"');
    assert.equal(formatCell("a;b"), '"a;b"');
    assert.equal(formatCell("a\tb"), '"a\tb"');
    assert.equal(formatCell('say "hi"'), '"say ""hi"""');
    assert.equal(formatCell("l1\nl2"), '"l1\nl2"');
    assert.equal(formatCell("l1\rl2"), '"l1\rl2"');
    assert.equal(formatCell(" lead"), '" lead"');
    assert.equal(formatCell("trail "), '"trail "');
    assert.equal(formatCell("äöü€😀"), "äöü€😀");
  });

  it("quotes a lone empty cell so the row is not a blank line", () => {
    assert.equal(formatCsv(["source"], [[""]]), 'source\n""\n');
  });

  it("rejects a row whose length differs from the header (a caller bug)", () => {
    assert.throws(() => formatCsv(["a", "b"], [["1"]]), /row 0 has 1 cells, expected 2/);
  });

  it("keeps a ;-only header comma-delimited when read back", () => {
    const back = roundTrip(["a;b", "c"], [["1", "2"]]);
    assert.equal(back.delimiter, ",");
    assert.deepEqual(back.columns, ["a;b", "c"]);
  });

  it("round-trips awkward strings exactly through parseCsv (property test, 300 seeded tables)", () => {
    let checked = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const next = rng(seed);
      const width = 1 + Math.floor(next() * 4);
      const columns = Array.from({ length: width }, (_, i) => (i === 0 ? "source" : `col ${i}${awkwardString(next).trim()}`));
      if (new Set(columns).size !== columns.length || columns.some((c) => c.trim() !== c || c === "")) continue;
      const rows = Array.from({ length: Math.floor(next() * 5) }, () => columns.map(() => awkwardString(next)));
      // All-blank rows are skipped by design when reading; give each row some content.
      for (const row of rows) if (row.every((v) => v.trim() === "")) row[0] = `x${row[0]}`;
      const back = roundTrip(columns, rows);
      assert.deepEqual(back, { columns, rows, delimiter: "," }, `seed ${seed}`);
      checked++;
    }
    assert.ok(checked > 250, `only ${checked} tables checked`);
  });
});
