// Every case of test/fixtures/reference-vectors/jiwer_cases.json (values from jiwer's own tests, README and docs,
// re-verified with jiwer 4 / rapidfuzz), one test per case, named by its id.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  type CharacterOutput,
  JiwerInputError,
  processCharacters,
  processWords,
  type TransformName,
  visualizeAlignment,
  type WordOutput,
} from "../../src/core/metrics/wer";

interface Case {
  id: string;
  metric: "word" | "char" | "word_alignment" | "char_alignment";
  reference: string | string[];
  hypothesis: string | string[];
  transform: TransformName;
  expected: Record<string, number | string>;
  tolerance: number;
  canonical_value: Record<string, number> | null;
  expected_alignment_text?: string;
}

const FILE = join(__dirname, "..", "..", "..", "test", "fixtures", "reference-vectors", "jiwer_cases.json");
const CASES = JSON.parse(readFileSync(FILE, "utf8")) as Case[];
const COUNTS = new Set(["hits", "substitutions", "deletions", "insertions"]);

function run(c: Case): WordOutput | CharacterOutput {
  const options = { referenceTransform: c.transform, hypothesisTransform: c.transform };
  const chars = c.metric === "char" || c.metric === "char_alignment";
  return chars ? processCharacters(c.reference, c.hypothesis, options) : processWords(c.reference, c.hypothesis, options);
}

/** The value a case key names: a measure, a count, or `<measure>_pct` (the percentage visualize_alignment prints). */
function valueOf(out: WordOutput | CharacterOutput, key: string): number {
  const pct = key.endsWith("_pct");
  const value = (out as unknown as Record<string, number>)[pct ? key.slice(0, -4) : key];
  assert.equal(typeof value, "number", `no value for ${key}`);
  return pct ? value * 100 : value;
}

describe("jiwer reference cases", () => {
  it("has all 116 cases", () => assert.equal(CASES.length, 116));

  for (const c of CASES) {
    it(c.id, () => {
      if (c.expected.raises !== undefined) {
        assert.equal(c.expected.raises, "ValueError");
        assert.throws(() => run(c), JiwerInputError);
        return;
      }
      const out = run(c);
      for (const [key, expected] of Object.entries(c.expected)) {
        const got = valueOf(out, key);
        if (COUNTS.has(key)) assert.equal(got, expected, key);
        else assert.ok(Math.abs(got - Number(expected)) <= c.tolerance, `${key}: got ${got}, expected ${expected} ± ${c.tolerance}`);
      }
      // canonical_value is what jiwer itself returned: counts and measures must be identical, bit for bit.
      for (const [key, expected] of Object.entries(c.canonical_value ?? {})) assert.equal(valueOf(out, key), expected, `canonical ${key}`);

      if (c.expected_alignment_text !== undefined) {
        // tests/test_alignment.py renders its line-width cases with line_width=30 (lines 170 and 317).
        const lineWidth = c.id.endsWith("_line_width") ? 30 : undefined;
        assert.equal(visualizeAlignment(out, { showMeasures: false, lineWidth }), c.expected_alignment_text);
      }
      for (const key of Object.keys(c.expected).filter((k) => k.endsWith("_pct"))) {
        const line = `${key.slice(0, -4)}=${Number(c.expected[key]).toFixed(2)}%`;
        assert.ok(visualizeAlignment(out).includes(`\n${line}`), `summary lacks ${line}`);
      }
    });
  }
});
