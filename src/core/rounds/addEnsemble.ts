import { readCsvFile } from "../csv/read";
import type { CsvTable } from "../csv/table";
import { readInputTable } from "../results/inputTable";
import { ResultsStore } from "../results/resultsStore";
import { RunMeta } from "../results/runMeta";
import type { RunOptions } from "../runner/options";
import { ensembleCells, type EnsembleMember } from "./ensembleCells";
import { ensembleModelName, type EnsembleStrategy } from "./ensembleStrategy";

/** Members as the results files name them: a model's columns in one file. */
export interface MemberRef {
  file: string;
  model: string;
  /** For the meta file's description: "b" or "a round 2". */
  label: string;
}

/**
 * Writes the ensemble of `members` into `options.outputFile` as the model `ensemble-<strategy>` (recorded in its
 * meta file, so re-scoring and later runs treat it as a model). Returns the ensemble's name. The caller re-scores.
 */
export async function addEnsemble(options: RunOptions, strategy: EnsembleStrategy, refs: readonly MemberRef[], fields: readonly string[]): Promise<string> {
  const name = ensembleModelName(strategy);
  const tables = new Map<string, CsvTable>();
  for (const ref of refs) if (!tables.has(ref.file)) tables.set(ref.file, await readCsvFile(ref.file));
  const members: EnsembleMember[] = refs.map((ref) => ({ table: tables.get(ref.file)!, model: ref.model }));
  const cells = ensembleCells(name, strategy, members, fields);
  const meta = RunMeta.open(options.outputFile);
  meta.record(name, { source: `ensemble ${strategy} of ${refs.map((r) => r.label).join(", ")}`, promptSha256: "", maxNewTokens: 0, constrained: false });
  const input = await readInputTable(options.csvFile);
  const store = ResultsStore.open(options.outputFile, input, fields, [name], {}, { escape: options.escapeFormulas, meta });
  try {
    for (const [row, values] of cells) store.setRow(row, values);
    store.save();
  } finally {
    store.close();
  }
  return name;
}
