import assert from "node:assert/strict";
import { test } from "node:test";
import { batchedCorpusScore, SCORE_BATCH } from "../../src/core/metrics/batchedCorpusScore";
import { QUALITY_COLUMNS } from "../../src/core/metrics/csvColumns";
import { TEXT_METRICS } from "../../src/core/metrics/registry";
import { DEFAULT_SCORE_OPTIONS, type ScoreOptions } from "../../src/core/metrics/scoreOptions";

const WORDS = ["Beate", "Albers", "Köln", "Gießen", "4.4.1997", "19.03.2029", "Dr.", "med.", "Müller-Lüdenscheidt", "Fall-Nr.", "", "ß", "KÖF", "0,7"];

/** Deterministic pseudo-random segments: predictions that partly match their references. */
function corpus(n: number): { hyps: string[]; refs: string[] } {
  let seed = 42;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const sentence = () => Array.from({ length: 1 + Math.floor(next() * 5) }, () => WORDS[Math.floor(next() * WORDS.length)]).join(" ");
  const refs = Array.from({ length: n }, sentence);
  const hyps = refs.map((r) => (next() < 0.5 ? r : next() < 0.5 ? sentence() : `${r} ${sentence()}`));
  return { hyps, refs };
}

test("metrics scored in batches equal the whole-corpus scores to the last bit", () => {
  const { hyps, refs } = corpus(2 * SCORE_BATCH + 777);
  const variants: ScoreOptions[] = [DEFAULT_SCORE_OPTIONS, { ...DEFAULT_SCORE_OPTIONS, lowercase: true, smoothMethod: "add-k", rougeTokenizer: "unicode" }];
  for (const options of variants) {
    for (const { metric } of QUALITY_COLUMNS) {
      const whole = TEXT_METRICS[metric].score(hyps, [refs], options, false).score;
      const batched = batchedCorpusScore(metric, hyps.length, (i) => hyps[i]!, (i) => refs[i]!, options);
      assert.equal(batched, whole, `${metric} ${JSON.stringify(options)}`);
    }
  }
});
