import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, appendFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseCsv } from "../../src/core/csv/read";
import { factColumn, modelColumns, modelsInColumns, predColumn, rawColumn } from "../../src/core/results/columns";
import { ResultsStore } from "../../src/core/results/resultsStore";
import { targetFields } from "../../src/core/fields";

function setup(): { file: string; input: ReturnType<typeof parseCsv> } {
  const dir = mkdtempSync(join(tmpdir(), "pb-store-"));
  const input = parseCsv(Buffer.from("source,b,a\none,1,2\ntwo,3,4\nthree,5,6\n"), join(dir, "in.csv"));
  return { file: join(dir, "out.csv"), input };
}

const done = (model: string, raw: string): Record<string, string> => ({
  [predColumn(model, "a")]: "x",
  [rawColumn(model)]: raw,
  [factColumn(model, "valid")]: "true",
});

test("added columns are recognised as model outputs, not target fields", () => {
  const columns = ["source", "b", "a", ...modelColumns("m1", ["a", "b"]), ...modelColumns("m2", ["a", "b"])];
  assert.deepEqual(targetFields(columns), ["a", "b"]);
  assert.deepEqual(modelsInColumns(columns), ["m1", "m2"]);
});

test("rows recorded but not saved are recovered from the journal after a crash", () => {
  const { file, input } = setup();
  const store = ResultsStore.open(file, input, ["a", "b"], ["m"]);
  store.setRow(0, done("m", "first"));
  store.setRow(2, done("m", "third"));
  assert.equal(existsSync(file), false, "nothing saved yet");
  // A kill can tear the last journal line; that row alone is lost.
  appendFileSync(`${file}.journal`, '{"row":1,"sourceHa');

  const reopened = ResultsStore.open(file, input, ["a", "b"], ["m"]);
  assert.deepEqual([0, 1, 2].map((r) => reopened.isDone(r, "m")), [true, false, true]);
  assert.equal(reopened.get(2, rawColumn("m")), "third");
  reopened.save();
  assert.equal(existsSync(`${file}.journal`), false);
  const saved = parseCsv(readFileSync(file), file);
  assert.deepEqual(saved.records.map((r) => r.values[saved.columns.indexOf(rawColumn("m"))]), ["first", "", "third"]);
});

test("journal entries for other rows (a changed dataset) are not applied", () => {
  const { file, input } = setup();
  writeFileSync(`${file}.journal`, JSON.stringify({ row: 0, sourceHash: "00000000", cells: done("m", "stale") }) + "\n");
  const store = ResultsStore.open(file, input, ["a", "b"], ["m"]);
  assert.equal(store.isDone(0, "m"), false);
});

test("earlier models' columns are kept and the input's own cells are refreshed", () => {
  const { file, input } = setup();
  const first = ResultsStore.open(file, input, ["a", "b"], ["m1"]);
  for (let r = 0; r < 3; r++) first.setRow(r, done("m1", `m1-${r}`));
  first.save();
  const corrected = parseCsv(Buffer.from("source,b,a\none,1,FIXED\ntwo,3,4\nthree,5,6\n"), input.file);
  const second = ResultsStore.open(file, corrected, ["a", "b"], ["m2"]);
  assert.equal(second.get(0, "a"), "FIXED");
  assert.equal(second.get(1, rawColumn("m1")), "m1-1");
  assert.equal(second.isDone(0, "m2"), false);
  assert.deepEqual(modelsInColumns(second.columns), ["m1", "m2"]);
});
