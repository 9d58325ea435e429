// Property tests (fast-check, fixed seeds, bounded sizes) of the CSV reader and writer.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { CsvPushParser } from "../../src/core/csv/pushParser";
import { parseCsv } from "../../src/core/csv/read";
import type { CsvRecord } from "../../src/core/csv/table";
import { refuseNonText } from "../../src/core/csv/textCheck";
import { Utf8Check } from "../../src/core/csv/utf8Check";
import { formatCsv } from "../../src/core/csv/write";
import { UserError } from "../../src/core/errors/userError";

/** The control characters the not-text check counts (see textCheck): tab, LF, VT, FF and CR are not among them. */
// eslint-disable-next-line no-control-regex -- exactly these control characters
const BINARY_CONTROLS = /[\x00-\x08\x0e-\x1f\x7f]/g;

/** Pieces that stress quoting, delimiter sniffing, line counting and the not-text check. */
const AWKWARD = [",", ";", "\t", '"', '""', "\n", "\r\n", "\r", " ", "\u00a0", "\ufeff", "=", "+", "-", "@", "'", "ä", "€", "😀", "{", "}", "x"];

/** Any text of whole code points, free of the counted control characters unless `controls`. */
function cellText(controls: boolean): fc.Arbitrary<string> {
  const free = fc.string({ unit: "binary", maxLength: 6 });
  const pieces = fc.array(fc.oneof(fc.constantFrom(...AWKWARD), free, ...(controls ? [fc.constantFrom("\u0000", "\u0001", "\u001b", "\u007f", "=\u0000")] : [])), { maxLength: 6 });
  return pieces.map((p) => (controls ? p.join("") : p.join("").replace(BINARY_CONTROLS, "")));
}

/** A table the reader can hold: unique, non-blank column names that have no outer white space (it trims them). */
function table(controls: boolean): fc.Arbitrary<{ columns: string[]; rows: string[][] }> {
  const name = cellText(controls).filter((n) => n !== "" && n.trim() === n);
  return fc.uniqueArray(name, { minLength: 1, maxLength: 5 }).chain((columns) =>
    fc.record({ columns: fc.constant(columns), rows: fc.array(fc.array(cellText(controls), { minLength: columns.length, maxLength: columns.length }), { maxLength: 6 }) }),
  );
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
/** The reader skips rows whose cells are all blank (Excel leaves `;;;` rows behind). */
const kept = (rows: string[][]): string[][] => rows.filter((r) => r.some((v) => v.trim() !== ""));

describe("CSV reader and writer (property tests)", () => {
  it("reads back exactly what formatCsv wrote, for tables free of binary control characters", () => {
    fc.assert(
      fc.property(table(false), ({ columns, rows }) => {
        const read = parseCsv(encode(formatCsv(columns, rows)), "rt.csv");
        assert.deepEqual(read.columns, columns);
        assert.deepEqual(
          read.records.map((r) => r.values),
          kept(rows),
        );
        assert.equal(read.encoding, "utf-8");
      }),
      { seed: 1101, numRuns: 1500 },
    );
  });

  it("never refuses as binary what formatCsv wrote, control characters in cells included (they are quoted)", () => {
    fc.assert(
      fc.property(table(true), ({ columns, rows }) => {
        const read = parseCsv(encode(formatCsv(columns, rows)), "ctl.csv");
        assert.deepEqual(read.columns, columns);
        assert.deepEqual(
          read.records.map((r) => r.values),
          kept(rows),
        );
      }),
      { seed: 1102, numRuns: 800 },
    );
  });

  it("gives a table or a UserError for arbitrary bytes, random or a damaged CSV, never another exception", () => {
    const validCsv = table(false).map(({ columns, rows }) => encode(formatCsv(columns, rows)));
    const damaged = fc
      .tuple(validCsv, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom("set", "insert", "cut")), { minLength: 1, maxLength: 4 }))
      .map(([bytes, edits]) => {
        let b = [...bytes];
        for (const [at, value, how] of edits) {
          const i = b.length === 0 ? 0 : at % (b.length + 1);
          if (how === "set" && i < b.length) b[i] = value;
          else if (how === "insert") b.splice(i, 0, value);
          else b = b.slice(0, i);
        }
        return Uint8Array.from(b);
      });
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 3000 }), damaged, fc.string({ maxLength: 200 }).map(encode));
    let parsed = 0;
    let refused = 0;
    fc.assert(
      fc.property(bytes, (input) => {
        try {
          const t = parseCsv(input, "any.csv");
          assert.ok(t.columns.length > 0);
          for (const r of t.records) assert.equal(r.values.length, t.columns.length);
          parsed++;
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          assert.ok(error.message.includes("any.csv"), error.message);
          refused++;
        }
      }),
      { seed: 1103, numRuns: 3000 },
    );
    assert.ok(parsed > 100 && refused > 100, `both outcomes occur (parsed ${parsed}, refused ${refused})`);
  });

  it("parses the same whatever the chunk boundaries (a file read in pieces)", () => {
    const input = fc.oneof(
      table(false).map(({ columns, rows }) => encode(formatCsv(columns, rows))),
      fc.string({ maxLength: 120 }).map(encode),
      fc.uint8Array({ maxLength: 200 }),
    );
    fc.assert(
      fc.property(input, fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 40 }), (bytes, sizes) => {
        const whole = outcome(() => parseCsv(bytes, "c.csv").records);
        const pieces = outcome(() => {
          // The checks parseCsv makes before parsing (UTF-16, not text), then the parser fed in pieces.
          if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) parseCsv(bytes, "c.csv");
          refuseNonText(bytes, "c.csv");
          const check = new Utf8Check();
          check.push(bytes);
          const records: CsvRecord[] = [];
          const parser = new CsvPushParser("c.csv", check.end() ? "utf-8" : "windows-1252", { header: () => undefined, record: (r) => records.push(r) });
          for (let at = 0, k = 0; at < bytes.length; k++) {
            const size = sizes[k % sizes.length]!;
            parser.write(bytes.slice(at, at + size));
            at += size;
          }
          parser.end();
          return records;
        });
        assert.deepEqual(pieces, whole);
      }),
      { seed: 1104, numRuns: 800 },
    );
  });
});

/** Records, or the message of the UserError thrown instead (any other exception fails the property). */
function outcome(read: () => CsvRecord[]): CsvRecord[] | string {
  try {
    return read();
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
}
