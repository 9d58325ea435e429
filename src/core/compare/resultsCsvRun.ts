import { existsSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { collectRun } from "../history/collectRun";
import type { RunRecord } from "../history/runRecord";
import { UserError } from "../errors/userError";

/**
 * A results CSV as a run record (a side of `compare`), read as the history reads a finished run: its rows, its
 * meta file's models and the journal's rows not yet in it. The dataset is looked for beside it by name
 * (`people.extract.results.csv` → `people.extract.csv`, `people.csv`); without one the record's dataset hash is
 * empty, which does not matter for comparing (rows are paired by the hash of their input cells).
 */
export async function runFromResultsCsv(path: string, hashFile?: (path: string) => Promise<string>): Promise<RunRecord> {
  const file = resolve(path);
  if (!existsSync(file) || !statSync(file).isFile()) throw new UserError(`${file} is not a file. Give a results CSV (a run's --output), a run id, latest or a tag.`, file);
  const stamp = statSync(file).mtime;
  const run = await collectRun({
    id: file,
    startedAt: stamp,
    endedAt: stamp,
    status: "completed",
    csvFile: datasetBeside(file) ?? "",
    outputFile: file,
    metrics: [],
    models: [],
    params: { maxNewTokens: 0, constrained: false, temperature: 0, runBy: "results-csv" },
    versions: { node: process.version, platform: process.platform, arch: process.arch },
    ...(hashFile && { hashFile }),
  });
  if (run.references.length === 0) throw new UserError(`${file} has no data rows to compare.`, file);
  if (run.models.length === 0) throw new UserError(`${file} has no model columns (raw_<model>): it is not a results CSV of a run.`, file);
  return run;
}

/** `a.b.results.csv` → the first of `a.b.csv`, `a.csv` that exists in the same folder. */
function datasetBeside(file: string): string | undefined {
  const parts = basename(file).replace(/(\.results)?\.csv$/i, "").split(".");
  for (let n = parts.length; n >= 1; n--) {
    const candidate = join(dirname(file), `${parts.slice(0, n).join(".")}.csv`);
    if (candidate !== file && existsSync(candidate)) return candidate;
  }
  return undefined;
}
