import assert from "node:assert/strict";
import { test } from "node:test";
import { parseCsv } from "../../src/core/csv/read";
import { formatCsv } from "../../src/core/csv/write";
import { rowScores } from "../../src/core/metrics/rowScores";
import { modelColumns, ROW_FACTS } from "../../src/core/results/columns";
import { inputTableOf } from "../../src/core/results/inputTable";
import { MAX_RAW_CHARS, RowsSource } from "../../src/core/results/rowsPage";

const FIELDS = ["city", "name"];
const COLUMNS = ["source", "city", "name", ...modelColumns("a", FIELDS), ...modelColumns("b", FIELDS)];

/** One results row: targets, then per model [city, name, raw, valid, error]. */
function row(source: string, targets: [string, string], a: [string, string, string, string, string], b: [string, string, string, string, string]): string[] {
  // Facts after valid/error: tokens_in, tokens_out, seconds, tokens_reasoning, ttft_s; any later ones empty.
  const facts = ["10", "5", "0.5", "0", "0.1"];
  const model = (m: [string, string, string, string, string]) => [m[0], m[1], m[2], m[3], m[4], ...facts, ...Array<string>(ROW_FACTS.length - 2 - facts.length).fill("")];
  return [source, ...targets, ...model(a), ...model(b)];
}

function source(rows: string[][], inputLines?: number[]): RowsSource {
  return new RowsSource(parseCsv(Buffer.from(formatCsv(COLUMNS, rows)), "r.csv"), inputLines);
}

const ok = (city: string, name: string): [string, string, string, string, string] => [city, name, `{"city":"${city}","name":"${name}"}`, "true", ""];
const bad: [string, string, string, string, string] = ["", "", "nonsense", "false", "no JSON object found"];
const notRun: [string, string, string, string, string] = ["", "", "", "", ""];

const ROWS = [
  row("s0", ["Berlin", "Anna"], ok("Berlin", "Anna"), ok("berlin ", "Anna")), // agree (case/space), perfect
  row("s1", ["Köln", "Ben"], ok("Köln", "Ben"), bad), // failed (b)
  row("s2", ["Bonn", "Carl"], ok("Bonn", "Carl"), ok("Paris", "Carl")), // disagree, b below threshold
  row("multi\nline", ["Ulm", "Dora"], ok("Ulm", "Dora"), notRun), // b not run yet
];

test("pages: offset and limit slice the rows; total counts the file", () => {
  const s = source(ROWS);
  assert.deepEqual(s.fields, FIELDS);
  assert.deepEqual(s.models, ["a", "b"]);
  const page = s.page(1, 2);
  assert.equal(page.total, 4);
  assert.equal(page.rowCount, 4);
  assert.deepEqual(page.rows.map((r) => r.index), [1, 2]);
  assert.deepEqual(s.page(3, 10).rows.map((r) => r.index), [3]);
  assert.deepEqual(s.page(10, 10).rows, []);
});

test("a row carries its targets, each model's prediction, validity, error, raw output and own scores", () => {
  const [r1] = source(ROWS).page(1, 1).rows;
  assert.ok(r1);
  assert.equal(r1.source, "s1");
  assert.deepEqual(r1.targets, { city: "Köln", name: "Ben" });
  const [a, b] = r1.models;
  assert.equal(a?.valid, true);
  assert.deepEqual(a?.predictions, { city: "Köln", name: "Ben" });
  assert.equal(a?.scores.city?.exact_match, 100);
  assert.equal(a?.scores.city?.chrf, 100);
  assert.equal(b?.valid, false);
  assert.equal(b?.error, "no JSON object found");
  assert.equal(b?.raw, "nonsense");
  assert.deepEqual(b?.scores.city, {}, "invalid rows have no scores");
  const [r3] = source(ROWS).page(3, 1).rows;
  assert.equal(r3?.models[1]?.valid, null, "not run yet");
});

test("filters: failed validation, models disagree, below threshold", () => {
  const s = source(ROWS);
  assert.deepEqual(s.page(0, 10, "failed").rows.map((r) => r.index), [1]);
  assert.deepEqual(s.page(0, 10, "disagree").rows.map((r) => r.index), [2], "case and surrounding space do not count as disagreement");
  assert.deepEqual(s.page(0, 10, "below").rows.map((r) => r.index), [2]);
  assert.equal(s.page(0, 10, "below", 0).total, 0, "nothing is below 0");
  assert.equal(s.page(0, 1, "failed").total, 1);
});

test("lines come from the input CSV when given (same rows), else from the results CSV", () => {
  assert.deepEqual(source([...ROWS, ROWS[0]!]).page(0, 5).rows.map((r) => r.line), [2, 3, 4, 5, 7], "the multi-line cell spans lines 5–6");
  assert.deepEqual(source(ROWS, [2, 5, 9, 12]).page(0, 4).rows.map((r) => r.line), [2, 5, 9, 12]);
  assert.deepEqual(source(ROWS, [2]).page(0, 2).rows.map((r) => r.line), [2, 3], "another row count: the input's lines are not used");
});

test("long raw outputs are cut in a page", () => {
  const long = "x".repeat(MAX_RAW_CHARS + 10);
  const s = source([row("s", ["c", "n"], ["c", "n", long, "true", ""], ok("c", "n"))]);
  const raw = s.page(0, 1).rows[0]?.models[0]?.raw ?? "";
  assert.ok(raw.startsWith("x".repeat(MAX_RAW_CHARS)));
  assert.match(raw, /10 more characters/);
});

test("scores computed for a page's rows equal those computed over the whole file", () => {
  const rows = [...ROWS, row("s4", ["Mainz am Rhein", "Eva Maria"], ok("Mainz", "Eva"), ok("Mainz am Rhein", "Eva Marie"))];
  const table = parseCsv(Buffer.from(formatCsv(COLUMNS, rows)), "r.csv");
  const view = { rowCount: table.records.length, get: (r: number, c: string) => table.records[r]?.values[table.columns.indexOf(c)] ?? "" };
  const s = new RowsSource(table);
  for (const offset of [4, 2, 0]) {
    for (const shown of s.page(offset, 1).rows) {
      for (const m of shown.models) {
        for (const field of FIELDS) {
          const whole = rowScores(view, m.model, field).get(shown.index);
          const expected = whole ? { exact_match: whole.exact_match, bleu: whole.bleu, chrf: whole["chrf++"], rougeL: whole.rougeL } : {};
          assert.deepEqual(m.scores[field], expected, `${m.model}/${field} of row ${shown.index}`);
        }
      }
    }
  }
});

test("a results file loaded as an InputTable (streamed, as the panel does) pages exactly like a parsed one", () => {
  const long = `${"Sehr geehrte Kollegin, wir berichten über Frau Müller. ".repeat(30)}Ende`; // long: kept in the temp file
  const rows = [...ROWS, row(long, ["Ulm", "Eva"], ok("Ulm", "Eva"), bad)];
  const parsed = parseCsv(Buffer.from(formatCsv(COLUMNS, rows)), "r.csv");
  const [a, b] = [new RowsSource(parsed, [2, 3, 4, 6, 9]), new RowsSource(inputTableOf(parsed), [2, 3, 4, 6, 9])];
  for (const filter of ["all", "failed", "disagree", "below"] as const) assert.deepEqual(b.page(0, 10, filter), a.page(0, 10, filter), filter);
  assert.equal(b.page(4, 1).rows[0]?.source, long);
});
