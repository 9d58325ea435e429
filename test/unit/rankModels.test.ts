import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_SCORE_OPTIONS } from "../../src/core/metrics/scoreOptions";
import { lowerIsBetter, metricStatistic, pairedBootstrap, rankModels } from "../../src/core/stats";
import { rng } from "../helpers/rng";

const ROWS = 300;
const random = rng(8);
const refs = Array.from({ length: ROWS }, (_, i) => `label ${i % 5}`);
/** A model that gets each row right with probability `accuracy`. */
const model = (accuracy: number): string[] => refs.map((r, i) => (random() < accuracy ? r : `miss ${i}`));
const good = model(0.8);
// One right answer of `good` missed: a difference (1/300) far below the noise.
const firstRight = good.findIndex((h, i) => h === refs[i]);
const alsoGood = good.map((h, i) => (i === firstRight ? "miss" : h));
const poor = model(0.4);

test("models whose difference is not significant share a rank; a clearly worse one ranks below both", () => {
  const stat = (hyps: string[]) => metricStatistic("exact_match", hyps, [refs], DEFAULT_SCORE_OPTIONS);
  const ranked = rankModels([
    { name: "poor", stat: stat(poor) },
    { name: "alsoGood", stat: stat(alsoGood) },
    { name: "good", stat: stat(good) },
  ]);
  assert.deepEqual(
    ranked.map((r) => [r.name, r.rank, r.tiedWith]),
    [
      ["good", 1, ["alsoGood"]],
      ["alsoGood", 1, ["good"]],
      ["poor", 3, []],
    ],
  );
  assert.ok(ranked[0]!.score > ranked[2]!.score);
});

test("error rates rank the lowest first", () => {
  assert.equal(lowerIsBetter("wer"), true);
  assert.equal(lowerIsBetter("chrf++"), false);
  const stat = (hyps: string[]) => metricStatistic("wer", hyps, [refs], DEFAULT_SCORE_OPTIONS);
  const ranked = rankModels([{ name: "poor", stat: stat(poor) }, { name: "good", stat: stat(good) }], { lowerIsBetter: true });
  assert.deepEqual(ranked.map((r) => [r.name, r.rank]), [["good", 1], ["poor", 2]]);
  assert.ok(ranked[0]!.score < ranked[1]!.score);
});

test("the tie rule follows alpha: below the smallest possible p-value (1/1001) nothing is significant", () => {
  const stat = (hyps: string[]) => metricStatistic("exact_match", hyps, [refs], DEFAULT_SCORE_OPTIONS);
  const [r] = pairedBootstrap([{ a: stat(alsoGood), b: stat(poor) }]);
  assert.ok(r!.p < 0.01);
  const lenient = rankModels([{ name: "poor", stat: stat(poor) }, { name: "good", stat: stat(good) }], { alpha: 1e-4 });
  assert.deepEqual(lenient.map((m) => [m.name, m.rank, m.tiedWith]), [["good", 1, ["poor"]], ["poor", 1, ["good"]]]);
});
