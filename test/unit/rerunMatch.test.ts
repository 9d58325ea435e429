import assert from "node:assert/strict";
import { test } from "node:test";
import { matchPredictions } from "../../src/core/rerun/predictionMatch";
import { formatMatch } from "../../src/cli/rerunReport";
import { syntheticRun } from "../helpers/syntheticRun";

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

test("matchPredictions: identical runs match on every row; one changed prediction, raw output or validity is a difference, the first one reported", () => {
  const original = syntheticRun("r-original", 20, ["a", "b"]);
  assert.deepEqual(matchPredictions(original, copy(original)).map((m) => [m.model, m.identical, m.differ]), [["a", 20, 0], ["b", 20, 0]]);

  const rerun = copy(original);
  const rowsOfB = rerun.rows.filter((r) => r.model === "b");
  rowsOfB[7]!.predictions.city = "Elsewhere";
  rowsOfB[3]!.raw += " ";
  rowsOfB[12]!.valid = !rowsOfB[12]!.valid;
  const [a, b] = matchPredictions(original, rerun);
  assert.deepEqual([a!.identical, a!.differ, a!.firstDifference], [20, 0, undefined]);
  assert.equal(b!.identical, 17);
  assert.equal(b!.differ, 3);
  assert.deepEqual(b!.firstDifference, { row: 3, line: 5, what: "raw output", original: original.rows.find((r) => r.model === "b" && r.row === 3)!.raw, rerun: rowsOfB[3]!.raw });
  const text = formatMatch("r-original", "r-rerun", [a!, b!]);
  assert.match(text, /row by row: not identical\n {2}a: 20 identical, 0 differ\n {2}b: 17 identical, 3 differ\n {4}first differing row: 4 \(line 5\), raw output: /);
});

test("matchPredictions: rows finished on one side only, and rows whose input hash changed, are counted apart, not as identical", () => {
  const original = syntheticRun("r-original", 10, ["a"]);
  const rerun = copy(original);
  rerun.rows = rerun.rows.filter((r) => r.row !== 9); // cancelled before the last row
  rerun.references[2]!.sha256 = "00".repeat(32); // the dataset's row 2 changed (--allow-changed-dataset)
  rerun.rows[2]!.predictions.name = "different, but not compared";
  const [a] = matchPredictions(original, rerun);
  assert.deepEqual({ ...a, firstDifference: undefined }, { model: "a", identical: 8, differ: 0, onlyOriginal: 1, onlyRerun: 0, inputChanged: 1, firstDifference: undefined });
  assert.match(formatMatch("x", "y", [a!]), /not identical\n {2}a: 8 identical, 0 differ, 1 only in the original, 1 not compared \(input changed\)\n$/);
});
