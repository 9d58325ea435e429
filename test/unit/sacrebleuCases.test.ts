// Every case of test/fixtures/reference-vectors/sacrebleu_cases.json (values from sacrebleu's own tests and docs,
// re-verified with sacrebleu 2.6.0), one test per case, named by its id.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { computeBleuFromStats, corpusBleu, formatBleu, sentenceBleu, type BleuOptions } from "../../src/core/metrics/bleu";
import { corpusChrf, sentenceChrf, type ChrfOptions } from "../../src/core/metrics/chrf";

interface Case {
  id: string;
  metric: "bleu" | "chrf";
  level: "corpus" | "sentence" | "stats";
  params: Record<string, unknown>;
  hyps: string[] | null;
  refs: string[][] | null;
  stats?: { correct: number[]; total: number[]; sys_len: number; ref_len: number };
  expected: number;
  tolerance: number;
  canonical_value: number;
  canonical_stats?: { counts: number[]; totals: number[]; sys_len: number; ref_len: number; bp: number };
  expected_stats?: { counts: number[]; totals: number[] };
  /** sacrebleu's printed line. */
  expected_verbose?: string;
}

const FILE = join(__dirname, "..", "..", "..", "test", "fixtures", "reference-vectors", "sacrebleu_cases.json");
const CASES = JSON.parse(readFileSync(FILE, "utf8")) as Case[];

function run(c: Case): { score: number; bleu?: ReturnType<typeof computeBleuFromStats> } {
  if (c.metric === "bleu") {
    const options = c.params as BleuOptions;
    if (c.level === "stats") {
      const s = c.stats!;
      const bleu = computeBleuFromStats(s.correct, s.total, s.sys_len, s.ref_len, options);
      return { score: bleu.score, bleu };
    }
    const bleu =
      c.level === "sentence"
        ? sentenceBleu(c.hyps![0]!, c.refs!.map((stream) => stream[0]!), options)
        : corpusBleu(c.hyps!, c.refs!, options);
    return { score: bleu.score, bleu };
  }
  const options = c.params as ChrfOptions;
  const chrf =
    c.level === "sentence"
      ? sentenceChrf(c.hyps![0]!, c.refs!.map((stream) => stream[0]!), options)
      : corpusChrf(c.hyps!, c.refs!, options);
  return { score: chrf.score };
}

describe("sacrebleu reference cases", () => {
  it("has all 78 cases", () => assert.equal(CASES.length, 78));

  for (const c of CASES) {
    it(c.id, () => {
      const { score, bleu } = run(c);
      const diff = Math.abs(score - c.expected);
      assert.ok(diff <= c.tolerance, `${c.id}: got ${score}, expected ${c.expected} ± ${c.tolerance}`);
      // Stricter: the full-precision value sacrebleu 2.6.0 computes (differences only from exp/log rounding).
      assert.ok(
        Math.abs(score - c.canonical_value) <= 1e-9 * Math.max(1, Math.abs(c.canonical_value)),
        `${c.id}: got ${score}, sacrebleu computes ${c.canonical_value}`,
      );
      if (bleu && c.canonical_stats) {
        assert.deepEqual(bleu.counts, c.canonical_stats.counts);
        assert.deepEqual(bleu.totals, c.canonical_stats.totals);
        assert.equal(bleu.sysLen, c.canonical_stats.sys_len);
        assert.equal(bleu.refLen, c.canonical_stats.ref_len);
        assert.ok(Math.abs(bleu.bp - c.canonical_stats.bp) <= 1e-12, `${c.id}: bp ${bleu.bp}`);
      }
      if (bleu && c.expected_stats) {
        assert.deepEqual(bleu.counts, c.expected_stats.counts);
        assert.deepEqual(bleu.totals, c.expected_stats.totals);
      }
      if (bleu && c.expected_verbose) assert.equal(formatBleu(bleu), c.expected_verbose);
    });
  }
});
