/**
 * Where round r of a `--repeat` run writes. Round 1 is the ordinary results and metrics file (so `--repeat 1` is
 * an ordinary run, and a run extended to more rounds keeps its first); round r ≥ 2 inserts `.r<r>` before
 * `.results.csv` / `.metrics.csv` (or before `.csv`): `x.results.csv` → `x.r2.results.csv`. Each round is a
 * results file of its own, so it resumes on its own and a finished round is never redone.
 */
export function roundFile(file: string, round: number): string {
  if (round <= 1) return file;
  const match = /(\.(results|metrics))?\.csv$/i.exec(file);
  if (!match) return `${file}.r${round}`;
  return `${file.slice(0, match.index)}.r${round}${match[0]}`;
}

/** The rounds summary beside round 1's results: `x.results.csv` → `x.rounds.csv` (mean ± sd per model × field). */
export function roundsSummaryFile(resultsFile: string): string {
  return resultsFile.replace(/(\.results)?\.csv$/i, "") + ".rounds.csv";
}

/** The per-row agreement beside round 1's results: `x.results.csv` → `x.agreement.csv`. */
export function agreementFile(resultsFile: string): string {
  return resultsFile.replace(/(\.results)?\.csv$/i, "") + ".agreement.csv";
}

/** Round r's seed: the base seed plus r − 1 (base 1, the engines' default seed, when none is given). */
export function roundSeed(baseSeed: number | undefined, round: number): number {
  return (baseSeed ?? 1) + round - 1;
}
