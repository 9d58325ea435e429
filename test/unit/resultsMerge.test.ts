import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseCsv } from "../../src/core/csv/read";
import { UserError } from "../../src/core/errors/userError";
import { factColumn, predColumn, rawColumn } from "../../src/core/results/columns";
import { ResultsStore } from "../../src/core/results/resultsStore";

// Two stores on one file stand for two runs that got past the lock (runBenchmark takes it; the store does not).

function setup(): { file: string; input: ReturnType<typeof parseCsv> } {
  const dir = mkdtempSync(join(tmpdir(), "pb-merge-"));
  const input = parseCsv(Buffer.from("source,a\none,1\ntwo,2\nthree,3\n"), join(dir, "in.csv"));
  return { file: join(dir, "out.csv"), input };
}

const done = (model: string, raw: string): Record<string, string> => ({
  [predColumn(model, "a")]: raw,
  [rawColumn(model)]: raw,
  [factColumn(model, "valid")]: "true",
});

function saved(file: string, column: string): string[] {
  const table = parseCsv(readFileSync(file), file);
  const at = table.columns.indexOf(column);
  assert.ok(at >= 0, `${column} in ${table.columns.join(", ")}`);
  return table.records.map((r) => r.values[at] ?? "");
}

test("each save keeps the model columns another writer saved meanwhile", () => {
  const { file, input } = setup();
  const first = ResultsStore.open(file, input, ["a"], ["m1"]);
  const second = ResultsStore.open(file, input, ["a"], ["m2"]); // neither knows the other's model
  first.setRow(0, done("m1", "m1-0"));
  first.save();
  second.setRow(0, done("m2", "m2-0"));
  second.setRow(1, done("m2", "m2-1"));
  second.save(); // saw no m1 when it opened: it must take m1's columns from disk
  first.setRow(1, done("m1", "m1-1"));
  first.setRow(2, done("m1", "m1-2"));
  first.save(); // and m1's store must keep m2's rows, made after m1 last read the file
  assert.deepEqual(saved(file, rawColumn("m1")), ["m1-0", "m1-1", "m1-2"]);
  assert.deepEqual(saved(file, rawColumn("m2")), ["m2-0", "m2-1", ""]);
  assert.deepEqual(saved(file, "a"), ["1", "2", "3"]);
  first.close();
  second.close();
});

test("a store's own columns and the input's are not taken from disk", () => {
  const { file, input } = setup();
  const store = ResultsStore.open(file, input, ["a"], ["m"]);
  store.setRow(0, done("m", "mine"));
  store.save();
  // Someone rewrites the file: other values in the store's own columns, and a column of another model.
  writeFileSync(file, `source,a,${rawColumn("m")},${rawColumn("other")}\none,X,theirs,o0\ntwo,X,,o1\nthree,X,,o2\n`);
  store.setRow(1, done("m", "mine too"));
  store.save();
  assert.deepEqual(saved(file, rawColumn("m")), ["mine", "mine too", ""]);
  assert.deepEqual(saved(file, "a"), ["1", "2", "3"]);
  assert.deepEqual(saved(file, rawColumn("other")), ["o0", "o1", "o2"]);
  store.close();
});

test("a file replaced by results for other rows is left alone, and the rows stay in the journal", () => {
  const { file, input } = setup();
  const store = ResultsStore.open(file, input, ["a"], ["m"]);
  store.setRow(0, done("m", "kept"));
  store.save();
  const other = `source,a,${rawColumn("x")}\nsomething else,1,y\n`;
  writeFileSync(file, other);
  store.setRow(1, done("m", "in the journal"));
  assert.throws(() => store.save(), (e: unknown) => e instanceof UserError && e.message.includes(`${file} was replaced while this run was writing it`) && e.message.includes(`${file}.journal`));
  assert.equal(readFileSync(file, "utf8"), other);
  assert.ok(existsSync(`${file}.journal`));
  assert.match(readFileSync(`${file}.journal`, "utf8"), /in the journal/);
  store.close();
});
