import { createHash } from "node:crypto";
import type { PredictionRow, ReferenceRow, RunRecord } from "../../src/core/history/runRecord";
import type { MetricsRow } from "../../src/core/runner/options";
import { rng } from "./rng";

const FIELDS = ["city", "name"];
const CITIES = ["Berlin", "Köln", "München", "Zürich", "Ōsaka", "São Paulo"];

/**
 * A run record whose every value follows from its id (so a reader can check a run it finds is whole):
 * `rows` dataset rows, each predicted by every model, with text that exercises quoting and non-ASCII.
 */
export function syntheticRun(id: string, rows: number, models: readonly string[] = ["m-small", "m-large"]): RunRecord {
  const random = rng(seedOf(id));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const references: ReferenceRow[] = [];
  for (let row = 0; row < rows; row++) {
    const expected = { city: pick(CITIES), name: `Person "${row}", ${pick(["Ä", "ß", "\n", "'"])}` };
    references.push({ row, line: row + 2, sha256: createHash("sha256").update(`${id}:${row}`).digest("hex"), expected });
  }
  const predictions: PredictionRow[] = [];
  for (const model of models) {
    for (let row = 0; row < rows; row++) {
      const valid = random() < 0.9;
      const p = { city: valid ? pick(CITIES) : "", name: valid ? references[row]!.expected.name : "" };
      predictions.push({
        model,
        row,
        predictions: p,
        raw: valid ? JSON.stringify(p) : `not json ${row}`,
        valid,
        ...(!valid && { error: "no JSON object found" }),
        tokensIn: 100 + Math.floor(random() * 50),
        tokensOut: 10 + Math.floor(random() * 20),
        seconds: Math.round(random() * 1e4) / 1e4,
        ttftS: Math.round(random() * 1e3) / 1e4,
        tokensReasoning: 0,
      });
    }
  }
  const metrics: MetricsRow[] = models.flatMap((model) =>
    FIELDS.map((field) => ({ model, field, n_total: rows, n_valid: rows - 1, chrf: 40 + random() * 40, exact_match: random() * 100, runtime_s: 1.5, tokens_in: 10, tokens_out: 5, tokens_per_sec: 3.3 })),
  );
  return {
    id,
    startedAt: "2026-12-06T19:00:00.000Z",
    endedAt: "2026-12-06T19:05:00.000Z",
    status: "completed",
    prompt: { file: "/w/extract.prompt.txt", text: "Extract {source}\nas JSON", sha256: "ab".repeat(32) },
    dataset: { file: "/w/people.csv", sha256: "cd".repeat(32), rows },
    resultsFile: "/w/people.extract.results.csv",
    metricsFile: "/w/people.extract.metrics.csv",
    fields: FIELDS,
    params: { maxNewTokens: 64, constrained: false, temperature: 0, seed: 1, threads: 2, runBy: "cli" },
    versions: { promptBench: "0.1.0", nodeLlamaCpp: "3.22.1", llamaCpp: "b1", node: "20", platform: "linux", arch: "x64" },
    models: models.map((name) => ({ name, kind: "file", file: `/models/${name}.gguf`, fileSha256: "ef".repeat(32), info: { source: `/models/${name}.gguf`, maxNewTokens: 64, gpuNames: [] } })),
    metrics,
    references,
    rows: predictions,
  };
}

/** A record as JSON sees it (undefined keys dropped), to compare what was written with what was read. */
export function normalized(run: RunRecord | undefined): unknown {
  return run === undefined ? undefined : JSON.parse(JSON.stringify(run));
}

function seedOf(id: string): number {
  return createHash("sha256").update(id).digest().readUInt32LE(0);
}
