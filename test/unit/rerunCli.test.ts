import assert from "node:assert/strict";
import { appendFileSync, copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import type { RunRecord } from "../../src/core/history/runRecord";
import type { RunListing } from "../../src/core/history/runSummaryLine";
import { runCli } from "../helpers/cli";
import { makeRunDir, readTable } from "../helpers/runFixture";
import { ensureTestModel } from "../helpers/testModel";

let testModel: string;
before(async () => {
  testModel = await ensureTestModel();
});

/** A run of a copy of the tiny test model (so the test may change the file), greedy on the CPU, recorded. */
function recordedRun(): { dir: ReturnType<typeof makeRunDir>; model: string; history: string; id: string } {
  const dir = makeRunDir();
  const model = join(dir.dir, "tiny.gguf");
  copyFileSync(testModel, model);
  const history = join(dir.dir, "history.sqlite");
  const r = runCli(["run", "--prompt", dir.prompt, "--csv", dir.csv, "--output", dir.output, "--metrics", dir.metrics, "--model", model,
    "--threads", "1", "--gpu", "off", "--no-download", "--max-new-tokens", "24", "--history", history]);
  assert.equal(r.status, 0, r.stderr);
  const id = /^history: run (\S+) in /m.exec(r.stdout)?.[1];
  assert.ok(id, r.stdout);
  return { dir, model, history, id };
}

function show(history: string, id: string): RunRecord {
  const r = runCli(["history", "show", id, "--json", "--history", history]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as RunRecord;
}

/** Every model column (pred_, raw_ text and validity) of a results CSV, row by row. */
function modelCells(file: string): string[][] {
  const table = readTable(file);
  const keep = table.columns.flatMap((c, i) => (/^pred_|^raw_tiny$|^raw_tiny__(valid|error)$/.test(c) ? [i] : []));
  return table.records.map((r) => keep.map((i) => `${table.columns[i]}=${r.values[i] ?? ""}`));
}

describe("prompt-bench rerun", () => {
  test("repeats a recorded run on the CPU with greedy decoding: the same predictions row by row, a new results file, recorded with rerunOf", { timeout: 300_000 }, () => {
    const { dir, history, id } = recordedRun();
    const original = show(history, id);
    const originalBytes = readFileSync(dir.output);
    // The rerun uses the prompt as recorded, not the file's text now.
    writeFileSync(dir.prompt, "Something else entirely: {source}\n");

    const r = runCli(["rerun", id.slice(0, 22), "--history", history]);
    assert.equal(r.status, 0, r.stderr);
    const rerunId = /^history: run (\S+) in /m.exec(r.stdout)?.[1];
    assert.ok(rerunId && rerunId !== id, r.stdout);
    const output = join(dir.dir, `out.rerun-${rerunId}.results.csv`);
    assert.match(r.stdout, new RegExp(`^results: ${output.replace(/[.]/g, "\\.")}$`, "m"));
    assert.deepEqual(readFileSync(dir.output), originalBytes, "the original run's results are left as they were");

    const before = modelCells(dir.output);
    const after = modelCells(output);
    assert.equal(after.length, 6);
    assert.ok(before.every((row) => row.length >= 3), "pred, raw and valid columns are compared");
    for (let row = 0; row < before.length; row++) assert.deepEqual(after[row], before[row], `row ${row + 1}`);
    assert.match(r.stdout, /row by row: identical\n {2}tiny: 6 identical, 0 differ\n/);

    const rerun = show(history, rerunId);
    assert.equal(rerun.rerunOf, id);
    assert.equal(rerun.prompt.text, original.prompt.text);
    assert.equal(rerun.prompt.sha256, original.prompt.sha256);
    assert.deepEqual({ ...rerun.params, command: "" }, { ...original.params, command: "" });
    assert.deepEqual(rerun.models.map((m) => [m.name, m.file, m.fileSha256]), original.models.map((m) => [m.name, m.file, m.fileSha256]));
    assert.deepEqual(rerun.rows.map((x) => [x.row, x.predictions, x.raw, x.valid]), original.rows.map((x) => [x.row, x.predictions, x.raw, x.valid]));
    const list = JSON.parse(runCli(["history", "--json", "--history", history]).stdout) as RunListing[];
    assert.deepEqual(list.map((l) => [l.id, l.rerunOf]), [[rerunId, id], [id, undefined]]);
  });

  test("refuses when the model file changed (one byte appended) or the dataset changed: exit 1, the message names both hashes, nothing runs", { timeout: 300_000 }, () => {
    const { dir, model, history, id } = recordedRun();
    const recorded = show(history, id).models[0]!.fileSha256!;
    const files = readdirSync(dir.dir).sort();
    appendFileSync(model, Buffer.from([0]));
    const r = runCli(["rerun", "latest", "--history", history]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`Model "tiny": ${model.replace(/[.]/g, "\\.")} changed since run ${id}: recorded SHA-256 ${recorded}, now [0-9a-f]{64}\\. A rerun would not use the same weights\\. Restore the file`));
    assert.doesNotMatch(r.stderr, new RegExp(`now ${recorded}`));
    assert.equal(r.stdout, "", "nothing ran");
    assert.deepEqual(readdirSync(dir.dir).sort(), files, "no results, prompt or meta file was written");
    assert.equal((JSON.parse(runCli(["history", "--json", "--history", history]).stdout) as RunListing[]).length, 1);

    copyFileSync(testModel, model); // the same bytes again
    const csv = readFileSync(dir.csv, "utf8");
    writeFileSync(dir.csv, csv + csv.split("\n")[1] + "\n");
    const changed = runCli(["rerun", "latest", "--history", history]);
    assert.equal(changed.status, 1);
    assert.match(changed.stderr, new RegExp(`The dataset ${dir.csv.replace(/[.]/g, "\\.")} changed since run ${id}: recorded SHA-256 [0-9a-f]{64}, now [0-9a-f]{64}\\. .*--allow-changed-dataset`));
    assert.deepEqual(readdirSync(dir.dir).sort(), files);
  });

  test("--allow-changed-dataset reruns on the current rows and compares only the rows whose input is unchanged; --out to an existing file is refused", { timeout: 300_000 }, () => {
    const { dir, history, id } = recordedRun();
    const lines = readFileSync(dir.csv, "utf8").split("\n");
    const header = lines[0]!.split(",");
    assert.equal(header[0], "source", "the fixture's first column is the source");
    lines[1] = `"A changed source row",${lines[1]!.split(",").slice(1).join(",")}`;
    writeFileSync(dir.csv, lines.join("\n"));

    const taken = runCli(["rerun", id, "--history", history, "--allow-changed-dataset", "--out", dir.output]);
    assert.equal(taken.status, 1);
    assert.match(taken.stderr, /out\.results\.csv already exists\. A rerun writes a new results file/);

    const out = join(dir.dir, "again.results.csv");
    const r = runCli(["rerun", id, "--history", history, "--allow-changed-dataset", "--out", out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /note: The dataset .* changed since run/);
    assert.match(r.stdout, /tiny: 5 identical, 0 differ, 1 not compared \(input changed\)/);
    assert.equal(readTable(out).records.length, 6);
  });
});
