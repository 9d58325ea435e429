// `prompt-bench compare` and `prompt-bench tag` on real history files made by real CLI runs of the tiny test model.
import assert from "node:assert/strict";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import type { Comparison } from "../../src/core/compare";
import { formatCsv } from "../../src/core/csv/write";
import type { RunRecord } from "../../src/core/history/runRecord";
import { runCli } from "../helpers/cli";
import { checkShape } from "../helpers/compareRun";
import { column, makeRunDir, readTable } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

const MODEL = "prompt-bench-test";
let modelPath: string;
let dir: ReturnType<typeof makeRunDir>;
let history: string;
let ids: { other: string; a: string; b: string };
let files: { a: string; b: string };

function run(prompt: string, csv: string, output: string): string {
  const r = runCli(["run", "--prompt", prompt, "--csv", csv, "--output", output, "--metrics", output.replace(/\.results\.csv$/, ".metrics.csv"),
    "--model", modelPath, "--threads", "1", "--gpu", "off", "--no-download", "--max-new-tokens", "64", "--constrained", "--history", history]);
  assert.equal(r.status, 0, r.stderr);
  const id = /^history: run (\S+) in /m.exec(r.stdout)?.[1];
  assert.ok(id, r.stdout);
  return id;
}

const cli = (...args: string[]) => runCli([...args, "--history", history], dir.dir);
const json = (...args: string[]): Comparison => {
  const r = cli("compare", ...args, "--json");
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Comparison;
};
const show = (id: string): RunRecord => JSON.parse(cli("history", "show", id, "--json").stdout) as RunRecord;

before(async () => {
  modelPath = await ensureTestModel();
  dir = makeRunDir();
  history = join(dir.dir, "history.sqlite");
  const other = join(dir.dir, "other.prompt.txt");
  writeFileSync(other, 'Give JSON {"city": "...", "name": "..."} for:\n{source}\n');
  // The tiny model's answers are nonsense; a dataset whose expected values are its answers on half the rows gives
  // nonzero scores, and the two prompts' different answers nonzero deltas. Every row differs from people.csv's
  // (the other half's values get a "."), so the first run shares no row with the others.
  ids = { other: run(dir.prompt, dir.csv, join(dir.dir, "first.results.csv")), a: "", b: "" };
  const first = readTable(join(dir.dir, "first.results.csv"));
  const sources = column(first, "source");
  const names = column(first, "name").map((v, i) => (i % 2 === 0 ? column(first, `pred_${MODEL}_name`)[i]! : `${v}.`));
  const cities = column(first, "city").map((v, i) => (i % 2 === 0 ? column(first, `pred_${MODEL}_city`)[i]! : `${v}.`));
  const csv = join(dir.dir, "people2.csv");
  writeFileSync(csv, formatCsv(["source", "name", "city"], sources.map((s, i) => [s, names[i]!, cities[i]!])));
  files = { a: join(dir.dir, "a.results.csv"), b: join(dir.dir, "b.results.csv") };
  ids.a = run(dir.prompt, csv, files.a);
  ids.b = run(other, csv, files.b);
});

describe("compare (CLI)", () => {
  test("--json: every recorded metric's delta is B − A, with a CI and p; the JSON has the Comparison's shape", { timeout: 120_000 }, () => {
    const c = json(ids.a, ids.b);
    checkShape(c);
    assert.equal(c.a.id, ids.a);
    assert.equal(c.b.id, ids.b);
    assert.equal(c.rowsCompared, 6);
    const [a, b] = [show(ids.a), show(ids.b)];
    const m = c.models.find((x) => x.model === MODEL)!;
    let moved = 0;
    for (const field of ["name", "city"]) {
      const ra = a.metrics.find((x) => x.field === field)!;
      const rb = b.metrics.find((x) => x.field === field)!;
      const f = m.fields.find((x) => x.field === field)!;
      assert.equal(f.metrics.length, 12);
      for (const [col, id] of [["chrf", "chrf++"], ["bleu", "bleu"], ["rougeL", "rougeL"], ["exact_match", "exact_match"]] as const) {
        const x = f.metrics.find((y) => y.metric === id)!;
        // The metrics CSV rounds to 4 decimals.
        assert.ok(Math.abs(x.a.score - ra[col]!) < 1e-4 && Math.abs(x.b.score - rb[col]!) < 1e-4, `${field} ${id}: ${x.a.score}/${ra[col]} ${x.b.score}/${rb[col]}`);
        assert.ok(Math.abs(x.delta - (rb[col]! - ra[col]!)) < 2e-4, `${field} ${id} delta`);
        if (x.delta !== 0) moved++;
      }
    }
    assert.ok(moved > 0, "the two prompts score differently somewhere");
    assert.ok(m.fields[0]!.metrics.find((x) => x.metric === "chrf++")!.a.score > 0, "A scores where the expected values are its answers");
    const validity = m.measures.find((x) => x.measure === "validity")!;
    assert.equal(validity.delta, (100 * (b.metrics[0]!.n_valid - a.metrics[0]!.n_valid)) / 6);
    const p95 = m.measures.find((x) => x.measure === "latency_p95_s")!;
    assert.ok(Math.abs(p95.delta - (b.metrics[0]!.latency_p95_s! - a.metrics[0]!.latency_p95_s!)) < 2e-4);
    // Changed rows carry both predictions and the expected values, as recorded.
    const row = m.changedRows[0]!;
    assert.ok(row, "the prompts' answers differ on some row");
    assert.deepEqual(row.predictionsA, a.rows.find((r) => r.row === row.row)!.predictions);
    assert.deepEqual(row.predictionsB, b.rows.find((r) => r.row === row.row)!.predictions);
    assert.deepEqual(row.expected, b.references[row.row]!.expected);
    assert.ok(m.changedRows.length <= 10);
  });

  test("tags name runs, move, list, delete and resolve in compare; latest, id prefixes; unknown and ambiguous names say what exists", { timeout: 120_000 }, () => {
    const tagged = cli("tag", ids.a, "baseline");
    assert.equal(tagged.status, 0, tagged.stderr);
    assert.equal(tagged.stdout, `tagged ${ids.a} as baseline\n`);
    const byTag = json("baseline", "latest");
    assert.equal(byTag.a.id, ids.a);
    assert.equal(byTag.a.label, "baseline");
    assert.equal(byTag.b.id, ids.b, "latest is the newest run");
    assert.deepEqual(byTag.models, json(ids.a.slice(0, 22), ids.b).models, "a tag and an id prefix give the same comparison");
    assert.deepEqual(json("--baseline", "baseline", "--current", "latest").models, byTag.models, "--baseline/--current are the positionals");

    const moved = cli("tag", ids.other, "baseline");
    assert.equal(moved.stdout, `moved tag baseline from ${ids.a} to ${ids.other}\n`);
    assert.equal(cli("tag", "latest", "v2").status, 0);
    const list = JSON.parse(cli("tag", "--list", "--json").stdout) as { name: string; runId: string }[];
    assert.deepEqual(list.map((t) => [t.name, t.runId]), [["baseline", ids.other], ["v2", ids.b]]);
    const mismatch = cli("compare", "baseline", "v2");
    assert.equal(mismatch.status, 1);
    assert.match(mismatch.stderr, /^error: baseline and v2 share no dataset row .*people\.csv and .*people2\.csv/, "baseline now names the run on people.csv");

    const unknown = cli("compare", "nightly", "latest");
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /"nightly" is no run, tag or file: .*history\.sqlite has tags: baseline, v2; newest runs: /);
    const ambiguous = cli("compare", ids.a.slice(0, 4), "latest");
    assert.equal(ambiguous.status, 1);
    assert.match(ambiguous.stderr, new RegExp(`"${ids.a.slice(0, 4)}" is ambiguous: it starts 3 run ids`));
    assert.equal(cli("tag", "latest", "latest").status, 1, "latest is no tag name");
    assert.match(cli("tag", "latest", "9lives").stderr, /cannot be a tag name/);

    assert.equal(cli("tag", "--delete", "v2").stdout, "deleted tag v2\n");
    const gone = cli("tag", "--delete", "v2");
    assert.equal(gone.status, 1);
    assert.match(gone.stderr, /has no tag "v2" \(tags: baseline\)/);
  });

  test("results CSVs as sides give the history's numbers; after the CSVs are overwritten the runs still compare", { timeout: 120_000 }, () => {
    const fromHistory = json(ids.a, ids.b);
    const fromFiles = json(files.a, files.b);
    assert.equal(fromFiles.a.source, "results-csv");
    assert.equal(fromFiles.a.id, files.a);
    assert.deepEqual(fromFiles.models, fromHistory.models);
    // A mix: a path on one side, a tag on the other.
    assert.deepEqual(json("a.results.csv", ids.b).models, fromHistory.models, "a relative path resolves against the current folder");

    copyFileSync(join(dir.dir, "first.results.csv"), files.a);
    writeFileSync(files.b, "source,name,city\nx,y,z\n");
    assert.deepEqual(json(ids.a, ids.b).models, fromHistory.models, "the history keeps the rows");
    const notResults = cli("compare", files.a, files.b);
    assert.equal(notResults.status, 1);
    assert.match(notResults.stderr, /b\.results\.csv has no model columns/);
  });

  test("runs of different datasets are refused (exit 1, a clear message); bad usage exits 2", { timeout: 120_000 }, () => {
    const r = cli("compare", ids.other, ids.a);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^error: \S+ and \S+ share no dataset row \(6 and 6 rows, no input in common: datasets .*people\.csv and .*people2\.csv\)\. Compare runs of the same dataset\.\n$/);
    assert.equal(cli("compare", ids.a).status, 2);
    assert.equal(cli("compare", ids.a, ids.b, "--json", "--markdown").status, 2);
    assert.equal(cli("compare", ids.a, ids.b, "--resamples", "0").status, 2);
    assert.match(cli("compare", ids.a, ids.b, "--model", "nope").stderr, /--model nope: not in both runs/);
    assert.match(cli("compare", "missing.results.csv", ids.b).stderr, /missing\.results\.csv does not exist/);
  });

  test("terminal and markdown outputs: tables per model and field, measures, changed rows", { timeout: 120_000 }, () => {
    const text = cli("compare", ids.a, ids.b, "--rows", "2", "--resamples", "200");
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^A: \S+, started \S+\nB: \S+, started \S+\n6 rows compared; paired bootstrap, 200 resamples, seed 12345, 95% CI/);
    assert.match(text.stdout, new RegExp(`model ${MODEL}\n  field city\n    metric +A +B +Δ +95% CI +p\n    bleu `));
    assert.match(text.stdout, /\n {4}validity % +\d/);
    assert.match(text.stdout, /changed rows: \d+/);
    const md = cli("compare", ids.a, ids.b, "--markdown", "--field", "city");
    assert.equal(md.status, 0, md.stderr);
    assert.match(md.stdout, /^## Prompt Bench comparison\n/);
    assert.match(md.stdout, /\n\| metric \| A \| B \| Δ \| 95% CI \| p \| {2}\|\n\|---\|---\|---\|---\|---\|---\|---\|\n\| bleu \|/);
    assert.doesNotMatch(md.stdout, /\*\*name\*\*/, "--field city leaves name out");
  });
});
