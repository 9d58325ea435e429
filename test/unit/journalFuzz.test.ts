// Property tests (fast-check, fixed seeds, bounded sizes) of the journal replay: torn and garbled tails.
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseCsv } from "../../src/core/csv/read";
import { formatCsv } from "../../src/core/csv/write";
import { factColumn, predColumn, rawColumn } from "../../src/core/results/columns";
import { hashHex, hashNumber, Journal, type JournalEntry } from "../../src/core/results/journal";
import { ResultsStore } from "../../src/core/results/resultsStore";

const dir = mkdtempSync(join(tmpdir(), "pb-journal-fuzz-"));
let files = 0;
const freshFile = (): string => join(dir, `j${files++}.journal`);

/** Cell text as models write it: any code points, line breaks, quotes, formula starts. */
const text = fc.oneof(fc.string({ unit: "binary", maxLength: 16 }), fc.constantFrom("", "=HYPERLINK(\"x\")", "a\nb", '{"name": "x"}', "\u2028", "€"));
const entry: fc.Arbitrary<JournalEntry> = fc.record({
  row: fc.nat({ max: 9 }),
  sourceHash: fc.string({ maxLength: 8 }),
  cells: fc.dictionary(fc.constantFrom("pred_m_name", "raw_m", "raw_m__valid", "raw_m__error"), text, { maxKeys: 4 }),
});
/** Plain copies (fast-check's records have no prototype; JSON.parse gives ordinary objects). */
const plain = (entries: JournalEntry[]): JournalEntry[] => entries.map((e) => ({ row: e.row, sourceHash: e.sourceHash, cells: { ...e.cells } }));

function written(entries: JournalEntry[]): { file: string; ends: number[] } {
  const file = freshFile();
  const journal = new Journal(file);
  const ends: number[] = [];
  let at = 0;
  for (const e of entries) {
    journal.append(e);
    at += Buffer.byteLength(JSON.stringify(e) + "\n");
    ends.push(at - 1); // the byte after the JSON (its newline)
  }
  journal.close();
  return { file, ends };
}

describe("journal replay (property tests)", () => {
  it("a kill at any byte keeps every entry written before it, and the next run's entries follow", () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 6 }), fc.nat(), fc.array(entry, { maxLength: 2 }), (entries, cutAt, later) => {
        const { file, ends } = written(entries);
        const cut = cutAt % (ends.at(-1)! + 2);
        truncateSync(file, cut);
        // Complete up to its JSON: the newline may be missing (the write was cut right before it).
        const survived = plain(entries.filter((_, i) => ends[i]! <= cut));
        assert.deepEqual(new Journal(file).read(), survived);
        const next = new Journal(file);
        for (const e of later) next.append(e);
        next.close();
        assert.deepEqual(new Journal(file).read(), [...survived, ...plain(later)], "a torn line never swallows the next entry");
      }),
      { seed: 3301, numRuns: 800 },
    );
  });

  it("garbage lines (random bytes, broken or foreign JSON) are skipped, every entry is kept", () => {
    const garbage = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => Buffer.from(b.filter((x) => x !== 0x0a))),
      fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v) ?? "")),
      entry.map((e) => Buffer.from(JSON.stringify({ ...e, row: "1" }))),
      entry.map((e) => Buffer.from(JSON.stringify({ ...e, cells: Object.values(e.cells) }))),
      entry.map((e) => Buffer.from(JSON.stringify({ ...e, cells: { x: 1 } }))),
      fc.constantFrom(Buffer.from("null"), Buffer.from("[]"), Buffer.from('{"row":1}'), Buffer.from("\xff\xfe", "latin1"), Buffer.from('{"row":1,"sourceHash":"a","cells":null}')),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.option(garbage, { nil: undefined }), entry), { minLength: 1, maxLength: 6 }), fc.option(garbage, { nil: undefined }), (parts, tail) => {
        const file = freshFile();
        const lines: Buffer[] = [];
        for (const [junk, e] of parts) {
          if (junk) lines.push(junk, Buffer.from("\n"));
          lines.push(Buffer.from(JSON.stringify(e) + "\n"));
        }
        if (tail) lines.push(tail);
        writeFileSync(file, Buffer.concat(lines));
        const read = new Journal(file).read();
        assert.deepEqual(read, plain(parts.map(([, e]) => e)));
      }),
      { seed: 3302, numRuns: 800 },
    );
  });

  it("lines longer than the read chunk, with a torn tail, are read whole", { timeout: 120_000 }, () => {
    const big = (n: number, c: string): JournalEntry => ({ row: n, sourceHash: "h", cells: { raw_m: c.repeat(700_000 + n) } });
    const entries = [big(0, "ä"), big(1, "x"), big(2, "😀")];
    const { file } = written(entries);
    appendFileSync(file, JSON.stringify(big(3, "y")).slice(0, 600_000));
    assert.deepEqual(new Journal(file).read(), entries);
  });
});

describe("results store resume after a torn journal (property test)", () => {
  it("reopening applies exactly the rows whose journal line is complete, and never throws", async () => {
    const csv = join(dir, "in.csv");
    const sources = Array.from({ length: 6 }, (_, i) => `Patient ${i}`);
    writeFileSync(csv, formatCsv(["source", "name"], sources.map((s, i) => [s, `N${i}`])));
    const input = () => parseCsv(readFileSync(csv), csv);
    const cells = (value: string): Record<string, string> => ({ [predColumn("m", "name")]: value, [rawColumn("m")]: value, [factColumn("m", "valid")]: "true" });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat({ max: 5 }), text), { minLength: 1, maxLength: 8 }), fc.nat(), async (rows, cutAt) => {
        const out = join(dir, `r${run++}.results.csv`);
        const store = ResultsStore.open(out, input(), ["name"], ["m"]);
        store.save(); // the CSV exists, with no rows done; everything after lives in the journal only
        for (const [row, value] of rows) store.setRow(row, cells(value));
        store.close(); // killed: no save
        const size = readFileSync(`${out}.journal`).length;
        const cut = cutAt % (size + 1);
        truncateSync(`${out}.journal`, cut);

        const expected = new Map<number, string>();
        let at = 0;
        for (const [row, value] of rows) {
          const line = JSON.stringify({ row, sourceHash: hashHex(hashNumber(sources[row]!)), cells: cells(value) });
          at += Buffer.byteLength(line);
          if (at <= cut) expected.set(row, value);
          at += 1;
        }
        const reopened = ResultsStore.open(out, input(), ["name"], ["m"]);
        for (let row = 0; row < sources.length; row++) {
          assert.equal(reopened.isDone(row, "m"), expected.has(row), `row ${row} done`);
          assert.equal(reopened.get(row, rawColumn("m")), expected.get(row) ?? "", `row ${row} text`);
        }
        reopened.save();
        reopened.close();
        const back = ResultsStore.open(out, input(), ["name"], ["m"]);
        for (const [row, value] of expected) assert.equal(back.get(row, predColumn("m", "name")), value, `row ${row} after save`);
        back.close();
      }),
      { seed: 3303, numRuns: 150 },
    );
  });
});
