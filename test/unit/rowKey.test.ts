import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseCsv } from "../../src/core/csv/read";
import { factColumn, predColumn, rawColumn } from "../../src/core/results/columns";
import { ResultsStore } from "../../src/core/results/resultsStore";
import { rowKey } from "../../src/core/results/rowKey";

const KEYS = ["question", "context"];
const input = (dir: string, text: string) => parseCsv(Buffer.from(text), join(dir, "in.csv"));
const done = { [predColumn("m", "answer")]: "x", [rawColumn("m")]: "{}", [factColumn("m", "valid")]: "true" };

test("a row's key is its inputs' texts; the source text alone for {source}, so older journals stay valid", () => {
  assert.equal(rowKey(["source", "a"], ["source"], (at) => ["S", "A"][at]!), "S");
  assert.equal(rowKey(["q", "c"], ["q", "c"], (at) => ["Q", "C"][at]!), "Q\u0000C");
  assert.equal(rowKey(["q"], ["q", "c"], () => ""), undefined);
});

test("results of a CSV without source resume when the inputs are the same, and are refused when one input changed", () => {
  const dir = mkdtempSync(join(tmpdir(), "pb-rowkey-"));
  const file = join(dir, "out.csv");
  const first = input(dir, "question,context,answer\nQ1,C1,A1\nQ2,C2,A2\n");
  const store = ResultsStore.open(file, first, ["answer"], ["m"], {}, {}, KEYS);
  store.setRow(1, done);
  store.save();
  store.close();

  const again = ResultsStore.open(file, input(dir, "question,context,answer\nQ1,C1,A1\nQ2,C2,corrected\n"), ["answer"], ["m"], {}, {}, KEYS);
  assert.deepEqual([0, 1].map((r) => again.isDone(r, "m")), [false, true], "a corrected target keeps the row");
  again.close();

  assert.throws(
    () => ResultsStore.open(file, input(dir, "question,context,answer\nQ1,C1,A1\nQ2,other context,A2\n"), ["answer"], ["m"], {}, {}, KEYS),
    /holds results for different rows/,
  );
});

test("a journal entry is replayed only onto a row with the same inputs", () => {
  const dir = mkdtempSync(join(tmpdir(), "pb-rowkey-"));
  const file = join(dir, "out.csv");
  const store = ResultsStore.open(file, input(dir, "question,context,answer\nQ1,C1,A1\nQ2,C2,A2\n"), ["answer"], ["m"], {}, {}, KEYS);
  store.setRow(0, done);
  store.setRow(1, done); // journalled, not saved (as after a kill)

  const reopened = ResultsStore.open(file, input(dir, "question,context,answer\nQ1,C1,A1\nQ2,C2 edited,A2\n"), ["answer"], ["m"], {}, {}, KEYS);
  assert.deepEqual([0, 1].map((r) => reopened.isDone(r, "m")), [true, false]);
  reopened.close();
});
