import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseNumber } from "../../src/core/typed/parseNumber";
import { canonicalCell, parseCell, valuesEqual } from "../../src/core/typed/typedValue";

const RUNS = { seed: 13, numRuns: 300 };

/** Digits of n grouped in threes by `mark` (1234567 → 1.234.567). */
const group = (n: number, mark: string): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, mark);

describe("typed comparison properties (fixed seed)", () => {
  it("a canonical number cell reads back as the same number (predictions are re-read for field accuracy)", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        // `===`: JSON writes -0 as 0, which is the same number for comparison.
        assert.ok(parseNumber(canonicalCell(x)) === x, String(x));
      }),
      RUNS,
    );
  });

  it("German and English notation of the same decimal read as the same number", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), fc.stringMatching(/^\d{1,3}$/), fc.boolean(), (whole, fraction, negative) => {
        const sign = negative ? "-" : "";
        const expected = Number(`${sign}${whole}.${fraction}`);
        assert.equal(parseNumber(`${sign}${group(whole, ".")},${fraction}`), expected);
        assert.equal(parseNumber(`${sign}${group(whole, ",")}.${fraction}`), expected);
        assert.equal(parseNumber(`${sign}${whole},${fraction}`), expected);
      }),
      RUNS,
    );
  });

  it("an array matches its reference list in any order, separator and with repeats", () => {
    const item = fc.stringMatching(/^[a-z0-9]{1,5}$/);
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), fc.constantFrom(";", "|", "json"), (items, separator) => {
        const cell = separator === "json" ? JSON.stringify(items) : items.join(` ${separator} `);
        const array = { kind: "array" as const, nullable: false };
        const prediction = [...items].reverse().concat(items.slice(0, 1));
        assert.ok(valuesEqual(array, prediction, parseCell(array, cell)), cell);
        assert.ok(!valuesEqual(array, [...prediction, "UPPER"], parseCell(array, cell)), cell);
      }),
      RUNS,
    );
  });
});
