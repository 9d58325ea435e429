import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { escapeFormula, isPlainNumber, unescapeFormula } from "../../src/core/csv/formulaEscape";
import { parseCsv, readCsvFile } from "../../src/core/csv/read";
import { readMetricsCsv } from "../../src/core/metrics/readMetricsCsv";
import { factColumn, predColumn, rawColumn } from "../../src/core/results/columns";
import { readInputTable } from "../../src/core/results/inputTable";
import { ResultsStore } from "../../src/core/results/resultsStore";
import { RowsSource } from "../../src/core/results/rowsPage";
import { RunMeta } from "../../src/core/results/runMeta";
import { readRunSummary } from "../../src/core/results/runSummary";
import { runCliAsync, startTestServer, type TestServer } from "../helpers/openaiServer";
import { ensureTestModel } from "../helpers/testModel";

const HYPERLINK = '=HYPERLINK("http://x","y")';
const TRIGGERS = ["=", "+", "-", "@", "\t", "\r"];

describe("escapeFormula / unescapeFormula", () => {
  it("prefixes a ' to cells a spreadsheet would run as a formula", () => {
    assert.equal(escapeFormula(HYPERLINK), `'${HYPERLINK}`);
    for (const t of TRIGGERS) assert.equal(escapeFormula(`${t}cmd|' /C calc'!A0`), `'${t}cmd|' /C calc'!A0`, JSON.stringify(t));
    for (const t of TRIGGERS) assert.equal(escapeFormula(t), `'${t}`, `a lone ${JSON.stringify(t)}`);
    assert.equal(escapeFormula("-"), "'-");
    assert.equal(escapeFormula("- item"), "'- item");
    assert.equal(escapeFormula("@SUM(A1)"), "'@SUM(A1)");
  });

  it("leaves plain text, numbers and cells with a trigger later on alone", () => {
    for (const s of ["", "Berlin", "a=b", " =1+1", "1-2", "{\"a\": \"=x\"}", "'hello", "'", "€=", "＝1"]) assert.equal(escapeFormula(s), s, JSON.stringify(s));
  });

  it("defines a plain number precisely: sign, digits, one decimal separator, an exponent", () => {
    for (const s of ["-3", "+1.5", "-0.25e3", "-0,5", "-.5", "+.5e-2", "-5.", "-1E+10", "0", "42"]) {
      assert.ok(isPlainNumber(s), s);
      assert.equal(escapeFormula(s), s, s);
    }
    for (const s of ["-", "+", "-.", "--1", "-1-2", "- 3", "-3 ", "-1e", "-1e+", "-Infinity", "-NaN", "-0x1F", "-1.2.3", "-1,2,3", "-1.5,2", "+1_000", "-١٢"]) {
      assert.ok(!isPlainNumber(s), s);
    }
    assert.equal(escapeFormula("-1-2"), "'-1-2");
    assert.equal(escapeFormula("-3 "), "'-3 ");
  });

  it("escapes a leading ' before a trigger or another ', so such an output comes back exactly", () => {
    assert.equal(escapeFormula(`'${HYPERLINK}`), `''${HYPERLINK}`);
    assert.equal(escapeFormula("''"), "'''");
    assert.equal(escapeFormula("'-3"), "''-3");
    assert.equal(unescapeFormula(`''${HYPERLINK}`), `'${HYPERLINK}`);
    assert.equal(unescapeFormula(`'${HYPERLINK}`), HYPERLINK);
    assert.equal(unescapeFormula("'hello"), "'hello");
    assert.equal(unescapeFormula("-3"), "-3");
  });

  it("round-trips every string, and never writes a trigger first unless the cell is a plain number (property)", () => {
    let runs = 0;
    const piece = fc.oneof(fc.constantFrom("'", "=", "+", "-", "@", "\t", "\r", "\n", "0", "1", ".", ",", "e", "E", " "), fc.string({ unit: "binary", maxLength: 4 }));
    const text = fc.oneof(fc.array(piece, { maxLength: 8 }).map((p) => p.join("")), fc.string({ unit: "binary", maxLength: 12 }), fc.double().map(String));
    fc.assert(
      fc.property(text, (s) => {
        runs++;
        const written = escapeFormula(s);
        assert.equal(unescapeFormula(written), s);
        if (TRIGGERS.includes(written.charAt(0))) assert.ok(isPlainNumber(s), `${JSON.stringify(s)} was written as ${JSON.stringify(written)}`);
        assert.ok(written === s || written === `'${s}`, "at most one quote is added");
      }),
      { seed: 11, numRuns: 20_000 },
    );
    assert.equal(runs, 20_000);
  });
});

/** A results file with one input column named like a model column (`raw_x`), whose cells must never change. */
function storeDir(): { dir: string; file: string; input: ReturnType<typeof parseCsv> } {
  const dir = mkdtempSync(join(tmpdir(), "pb-formula-"));
  const csv = join(dir, "in.csv");
  writeFileSync(csv, `source,a,raw_x\none,=1+1,=2+2\ntwo,-3,'=kept\n`);
  return { dir, file: join(dir, "out.results.csv"), input: parseCsv(readFileSync(csv), csv) };
}

const row = (model: string, pred: string, raw: string, error = ""): Record<string, string> => ({
  [predColumn(model, "a")]: pred,
  [rawColumn(model)]: raw,
  [factColumn(model, "valid")]: error ? "false" : "true",
  [factColumn(model, "error")]: error,
});

function cellsOf(file: string): Record<string, string>[] {
  const table = parseCsv(readFileSync(file), file); // bytes as written: parseCsv reads no sidecar
  return table.records.map((r) => Object.fromEntries(table.columns.map((c, i) => [c, r.values[i]!])));
}

describe("the results CSV neutralises model cells and reads them back exactly", () => {
  it("writes '=… on disk, marks the meta, and every reader gets the model's text back", async () => {
    const { file, input } = storeDir();
    const store = ResultsStore.open(file, input, ["a"], ["m"]);
    store.setRow(0, row("m", HYPERLINK, `'${HYPERLINK}`));
    store.setRow(1, row("m", "-3", "@sum", "=bad"));
    store.save();
    store.close();

    const disk = cellsOf(file);
    assert.equal(disk[0]![predColumn("m", "a")], `'${HYPERLINK}`);
    assert.equal(disk[0]![rawColumn("m")], `''${HYPERLINK}`);
    assert.equal(disk[1]![predColumn("m", "a")], "-3", "a plain number stays a number");
    assert.equal(disk[1]![rawColumn("m")], "'@sum");
    assert.equal(disk[1]![factColumn("m", "error")], "'=bad", "raw_<model>__<fact> columns too");
    assert.deepEqual(disk.map((r) => [r.a, r.raw_x]), [["=1+1", "=2+2"], ["-3", "'=kept"]], "input cells are never altered, raw_x included");
    const meta = JSON.parse(readFileSync(`${file}.meta.json`, "utf8")) as { escapeFormulas: boolean; escapedColumns: string[] };
    assert.equal(meta.escapeFormulas, true);
    assert.ok(meta.escapedColumns.includes(rawColumn("m")) && !meta.escapedColumns.includes("raw_x") && !meta.escapedColumns.includes("a"));

    const expect = (get: (row: number, column: string) => string, who: string) => {
      assert.equal(get(0, predColumn("m", "a")), HYPERLINK, who);
      assert.equal(get(0, rawColumn("m")), `'${HYPERLINK}`, who);
      assert.equal(get(1, factColumn("m", "error")), "=bad", who);
      assert.equal(get(1, "raw_x"), "'=kept", `${who}: an input cell is read verbatim`);
    };
    const reopened = ResultsStore.open(file, input, ["a"], ["m"]); // resume
    expect((r, c) => reopened.get(r, c), "resume");
    reopened.close();
    const table = await readCsvFile(file); // diagnostics, raw-output documents
    expect((r, c) => table.records[r]!.values[table.columns.indexOf(c)]!, "readCsvFile");
    const cells = await readInputTable(file); // the panel, score --csv
    const rows = new RowsSource(cells);
    expect((r, c) => rows.get(r, c), "rows page");
    assert.equal(rows.page(0, 1).rows[0]!.models.find((m) => m.model === "m")!.raw, `'${HYPERLINK}`);
    cells.cells.close();
    assert.ok((await readRunSummary(file, join(file, "..", "none.csv"))).models.includes("m"));
  });

  it("re-scoring in place (the results CSV as input) keeps the escaping and the text", () => {
    const { file, input } = storeDir();
    const store = ResultsStore.open(file, input, ["a"], ["m"]);
    store.setRow(0, row("m", HYPERLINK, HYPERLINK));
    store.save();
    store.close();
    return (async () => {
      const again = ResultsStore.open(file, await readInputTable(file), ["a"], []);
      assert.equal(again.get(0, rawColumn("m")), HYPERLINK);
      again.setRow(1, row("m", "+x", "+x")); // as a journal replay would
      again.save();
      again.close();
      const disk = cellsOf(file);
      assert.deepEqual([disk[0]![rawColumn("m")], disk[1]![rawColumn("m")], disk[0]!.raw_x], [`'${HYPERLINK}`, "'+x", "=2+2"]);
    })();
  });

  it("writes verbatim with escaping off, and reads a file without the mark verbatim", () => {
    const { file, input } = storeDir();
    const store = ResultsStore.open(file, input, ["a"], ["m"], {}, { escape: false });
    store.setRow(0, row("m", HYPERLINK, `'${HYPERLINK}`));
    store.save();
    store.close();
    assert.equal(cellsOf(file)[0]![predColumn("m", "a")], HYPERLINK);
    const reopened = ResultsStore.open(file, input, ["a"], ["m"], {}, { escape: false });
    assert.equal(reopened.get(0, rawColumn("m")), `'${HYPERLINK}`, "no mark: nothing is unescaped");
    reopened.close();
  });

  it("keeps the mark when another handle on the meta file records a model after the save", () => {
    const { file, input } = storeDir();
    const meta = RunMeta.open(file); // opened before anything was written: it holds no mark
    const store = ResultsStore.open(file, input, ["a"], ["m"]);
    store.setRow(0, row("m", HYPERLINK, HYPERLINK));
    store.save();
    store.close();
    meta.record("m", { source: "test", promptSha256: "p", maxNewTokens: 8, constrained: false });
    const back = ResultsStore.open(file, input, ["a"], ["m"]);
    assert.equal(back.get(0, rawColumn("m")), HYPERLINK, "the file's mark survives, so the ' is still removed");
    back.close();
  });

  it("protects an older results file (no mark) on its next save, without changing its text", () => {
    const { file, input } = storeDir();
    const old = ResultsStore.open(file, input, ["a"], ["m"], {}, { escape: false });
    old.setRow(0, row("m", HYPERLINK, HYPERLINK));
    old.save();
    old.close();
    const store = ResultsStore.open(file, input, ["a"], ["m"]);
    store.setRow(1, row("m", "b", "b"));
    store.save();
    store.close();
    assert.equal(cellsOf(file)[0]![rawColumn("m")], `'${HYPERLINK}`);
    const back = ResultsStore.open(file, input, ["a"], ["m"]);
    assert.equal(back.get(0, rawColumn("m")), HYPERLINK);
    back.close();
  });
});

describe("prompt-bench run with an endpoint that answers with formulas", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ modelPath: await ensureTestModel() });
  });
  after(async () => server.close());

  function runDir(): { dir: string; args: (output: string, metrics: string) => string[] } {
    const dir = mkdtempSync(join(tmpdir(), "pb-formula-cli-"));
    writeFileSync(join(dir, "p.prompt.txt"), "Extract JSON {\"name\": \"...\"} from: {source}\n");
    writeFileSync(join(dir, "in.csv"), `source,name\none,"${HYPERLINK.replace(/"/g, '""')}"\ntwo,@home\nthree,-3\n`);
    const models = join(dir, "models.json");
    writeFileSync(models, JSON.stringify([{ name: "fake", endpoint: server.endpoint, model: "prompt-bench-test", concurrency: 1, maxRetries: 0 }]));
    return {
      dir,
      args: (output, metrics) => ["run", "--prompt", join(dir, "p.prompt.txt"), "--csv", join(dir, "in.csv"), "--models-file", models, "--model", "fake", "--output", output, "--metrics", metrics],
    };
  }

  /** The model's three answers: a JSON answer whose value is a formula, a bare formula (invalid), a number. */
  const answers = (): void => {
    server.faults.push(
      { kind: "no-usage", content: JSON.stringify({ name: HYPERLINK }) },
      { kind: "no-usage", content: "@home" },
      { kind: "no-usage", content: '{"name": "-3"}' },
    );
  };

  it("writes '=HYPERLINK… to disk, and its metrics equal those of the verbatim text", { timeout: 300_000 }, async () => {
    const { dir, args } = runDir();
    const [escaped, verbatim] = [join(dir, "e.results.csv"), join(dir, "v.results.csv")];
    answers();
    const first = await runCliAsync(args(escaped, join(dir, "e.metrics.csv")));
    assert.equal(first.status, 0, first.stderr);
    // Failed before: the cell was written verbatim, a live formula.
    const bytes = readFileSync(escaped, "utf8");
    assert.ok(bytes.includes(`"'=HYPERLINK(""http://x"",""y"")"`), `pred cell escaped on disk:\n${bytes}`);
    answers();
    const second = await runCliAsync([...args(verbatim, join(dir, "v.metrics.csv")), "--no-escape-formulas"]);
    assert.equal(second.status, 0, second.stderr);

    const e = cellsOf(escaped);
    const v = cellsOf(verbatim);
    assert.equal(e[0]![predColumn("fake", "name")], `'${HYPERLINK}`);
    assert.equal(e[1]![rawColumn("fake")], "'@home", "an invalid output's raw text too");
    assert.equal(e[2]![predColumn("fake", "name")], "-3");
    assert.equal(e[0]!.name, HYPERLINK, "the input's target cell is not altered");
    assert.equal(v[0]![predColumn("fake", "name")], HYPERLINK, "--no-escape-formulas writes verbatim");

    const me = await readMetricsCsv(join(dir, "e.metrics.csv"));
    const mv = await readMetricsCsv(join(dir, "v.metrics.csv"));
    assert.equal(me[0]!.exact_match, mv[0]!.exact_match);
    assert.equal(me[0]!.exact_match, 100, "both valid rows match their targets exactly: the quote is not scored");
    assert.equal(me[0]!.n_valid, 2);
    for (const key of ["chrf", "bleu", "rougeL"] as const) assert.equal(me[0]![key], mv[0]![key], key);

    // Re-scoring the escaped file from disk gives the same metrics again.
    const rescored = await runCliAsync(["score", "--csv", escaped, "--metrics", join(dir, "r.metrics.csv")]);
    assert.equal(rescored.status, 0, rescored.stderr);
    const mr = await readMetricsCsv(join(dir, "r.metrics.csv"));
    for (const key of ["exact_match", "chrf", "bleu", "rougeL", "n_valid"] as const) assert.equal(mr[0]![key], me[0]![key], `rescored ${key}`);
  });
});
