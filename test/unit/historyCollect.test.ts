import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { collectRun, type RunFacts } from "../../src/core/history/collectRun";
import { hashHex, hashNumber, Journal } from "../../src/core/results/journal";

function facts(dir: string, extra: Partial<RunFacts> = {}): RunFacts {
  return {
    id: "r1", startedAt: new Date(0), endedAt: new Date(1000), status: "failed", error: "ENOSPC",
    promptFile: join(dir, "p.txt"), csvFile: join(dir, "in.csv"), outputFile: join(dir, "out.results.csv"), metrics: [],
    models: [{ name: "m", tier: "custom", source: { kind: "endpoint", endpoint: "http://127.0.0.1:9/v1", model: "served" } }],
    params: { maxNewTokens: 8, constrained: false, temperature: 0, runBy: "cli" },
    versions: { node: "20", platform: "linux", arch: "x64" },
    ...extra,
  };
}

const INPUT = "source,name\nAnna lives here.,Anna\nBen lives there.,Ben\nCem too.,Cem\n";
const cells = (name: string) => ({ pred_m_name: name, raw_m: `{"name":"${name}"}`, "raw_m__valid": "true", "raw_m__seconds": "0.5" });

function journal(dir: string, entries: { row: number; source: string; name: string }[]): void {
  const j = new Journal(join(dir, "out.results.csv.journal"));
  for (const e of entries) j.append({ row: e.row, sourceHash: hashHex(hashNumber(e.source)), cells: cells(e.name) });
  j.close();
}

test("a failed run's rows still only in the journal are recorded, from the results CSV or, never saved, the input CSV", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pb-collect-"));
  writeFileSync(join(dir, "p.txt"), "Name? {source}");
  writeFileSync(join(dir, "in.csv"), INPUT);
  // Never saved: the input CSV plus the journal's rows; an entry whose source does not match its row is ignored.
  journal(dir, [{ row: 1, source: "Ben lives there.", name: "Ben" }, { row: 2, source: "someone else", name: "X" }]);
  const unsaved = await collectRun(facts(dir));
  assert.deepEqual(unsaved.rows.map((r) => [r.row, r.predictions.name, r.valid, r.seconds]), [[1, "Ben", true, 0.5]]);
  assert.deepEqual(unsaved.references.map((r) => r.expected.name), ["Anna", "Ben", "Cem"]);
  assert.equal(unsaved.models[0]!.endpoint, "http://127.0.0.1:9/v1");
  assert.equal(unsaved.prompt.text, "Name? {source}");

  // Saved once with row 0, then row 2 went to the journal.
  writeFileSync(join(dir, "out.results.csv"), "source,name,pred_m_name,raw_m,raw_m__valid\nAnna lives here.,Anna,Anne,x,false\nBen lives there.,Ben,,,\nCem too.,Cem,,,\n");
  writeFileSync(join(dir, "out.results.csv.journal"), "");
  journal(dir, [{ row: 2, source: "Cem too.", name: "Cem" }]);
  const saved = await collectRun(facts(dir));
  assert.deepEqual(saved.rows.map((r) => [r.row, r.predictions.name, r.valid]), [[0, "Anne", false], [2, "Cem", true]]);
  assert.deepEqual(saved.fields, ["name"]);
});
