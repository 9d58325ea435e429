import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import type { RunRecord } from "../../src/core/history/runRecord";
import { RowsSource } from "../../src/core/results/rowsPage";
import { readRecordedFields, readRecordedModels } from "../../src/core/results/runMeta";
import { runCli } from "../helpers/cli";
import { column, FIXTURES, readTable } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

let modelPath: string;
before(async () => {
  modelPath = await ensureTestModel();
});

const MODEL = "prompt-bench-test";

function qaDir(): { dir: string; prompt: string; csv: string; output: string; metrics: string } {
  const dir = mkdtempSync(join(tmpdir(), "pb-template-"));
  const prompt = join(dir, "qa.prompt.txt");
  const csv = join(dir, "qa.csv");
  copyFileSync(join(FIXTURES, "template/qa.prompt.txt"), prompt);
  copyFileSync(join(FIXTURES, "template/qa.csv"), csv);
  return { dir, prompt, csv, output: join(dir, "qa.results.csv"), metrics: join(dir, "qa.metrics.csv") };
}

function runArgs(d: ReturnType<typeof qaDir>, ...extra: string[]): string[] {
  return ["run", "--prompt", d.prompt, "--csv", d.csv, "--output", d.output, "--metrics", d.metrics,
    "--model", modelPath, "--threads", "1", "--gpu", "off", "--no-download", "--max-new-tokens", "24", "--constrained", ...extra];
}

describe("templates with any column (CLI)", () => {
  test("a {question}/{context} template over a CSV without source: the prompt's columns are inputs, only answer is scored and recorded", { timeout: 300_000 }, () => {
    const d = qaDir();
    const r = runCli(runArgs(d));
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const results = readTable(d.output);
    assert.deepEqual(results.columns.filter((c) => c.startsWith("pred_")), [`pred_${MODEL}_answer`]);
    assert.equal(column(results, `pred_${MODEL}_answer`).length, 3);
    assert.deepEqual(column(results, `raw_${MODEL}__valid`), ["true", "true", "true"], "constrained decoding gives valid JSON on every row");
    const meta = JSON.parse(readFileSync(`${d.output}.meta.json`, "utf8")) as { fields: unknown };
    assert.deepEqual(meta.fields, { inputs: ["context", "question"], targets: ["answer"] });
    const metrics = readTable(d.metrics);
    assert.deepEqual([...new Set(column(metrics, "field"))], ["answer"]);

    const id = /^history: run (\S+) in (.+)$/m.exec(r.stdout)?.[1];
    assert.ok(id, r.stdout);
    const show = runCli(["history", "show", id!, "--json", "--history", join(d.dir, ".prompt-bench", "history.sqlite")]);
    assert.equal(show.status, 0, show.stderr);
    const run = JSON.parse(show.stdout) as RunRecord;
    assert.deepEqual(run.references.map((ref) => ref.expected), [{ answer: "Berlin" }, { answer: "Herr Müller" }, { answer: "The book" }]);
    assert.deepEqual([...new Set(run.metrics.map((m) => m.field))], ["answer"]);

    // A rerun resumes the same rows (no source column: rows are matched by their inputs) and runs nothing new.
    const raw = column(results, `raw_${MODEL}`);
    const again = runCli(runArgs(d, "--no-history"));
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout + again.stderr, /prompt-bench-test: skipped \(already complete\)/);
    assert.deepEqual(column(readTable(d.output), `raw_${MODEL}`), raw);
    // The panel's rows page reads the recorded targets back.
    const rows = new RowsSource(readTable(d.output), undefined, readRecordedModels(d.output), readRecordedFields(d.output));
    assert.deepEqual(rows.fields, ["answer"]);
    assert.equal(rows.row(0).source, "context: Anna Schmidt lives in Berlin.\nquestion: Where does Anna live?", "the row's text is its inputs");

    // Re-scoring the results CSV keeps the recorded targets (question and context are not scored).
    const score = runCli(["score", "--csv", d.output, "--metrics", join(d.dir, "rescore.csv")]);
    assert.equal(score.status, 0, score.stderr);
    assert.deepEqual([...new Set(column(readTable(join(d.dir, "rescore.csv")), "field"))], ["answer"]);
  });

  test("--targets that is not a column or is an input exits 1 naming the CSV; an unknown placeholder names the prompt and the columns", { timeout: 120_000 }, () => {
    const d = qaDir();
    const wrong = runCli(runArgs(d, "--targets", "answr"));
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /--targets names "answr", which is not a column of .*qa\.csv\. Columns: "question", "context", "answer"/);
    const input = runCli(runArgs(d, "--targets", "answer,question"));
    assert.equal(input.status, 1);
    assert.match(input.stderr, /the prompt reads \{question\}, so it is an input, not a target/);
    const empty = runCli(runArgs(d, "--targets", ","));
    assert.equal(empty.status, 2);

    const typo = runCli(["run", "--prompt", d.prompt, "--csv", join(FIXTURES, "run/people.csv"), "--output", d.output, "--model", modelPath, "--no-download"]);
    assert.equal(typo.status, 1);
    assert.match(typo.stderr, /qa\.prompt\.txt, line 4: the placeholder \{context\} is not a column of .*people\.csv\. Columns: "source", "name", "city"/);
  });
});
