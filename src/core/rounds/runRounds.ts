import { writeFileAtomic } from "../fs/atomicWrite";
import { readCsvFile } from "../csv/read";
import { UserError } from "../errors/userError";
import type { RunOptions, RunSummary } from "../runner/options";
import { runBenchmark } from "../runner/runBenchmark";
import { addEnsemble, type MemberRef } from "./addEnsemble";
import type { EnsembleStrategy } from "./ensembleStrategy";
import { agreementFile, roundFile, roundSeed, roundsSummaryFile } from "./roundPaths";
import { formatAgreementCsv, formatRoundsCsv, rowAgreements, summariseRounds, type RoundsRow } from "./roundsSummary";

export interface RoundsPlan {
  /** Rounds to run (1 = an ordinary run). */
  repeat: number;
  ensemble?: EnsembleStrategy;
}

export interface RoundsSummary extends RunSummary {
  /** Each round's summary, round 1 first (empty for an ordinary run). */
  rounds: RunSummary[];
  /** Mean ± sd per model × field, and the files they and the per-row agreement were written to (repeat > 1). */
  roundsRows?: RoundsRow[];
  roundsFile?: string;
  agreementFile?: string;
}

/**
 * Runs `plan.repeat` rounds of the benchmark, round r with seed `seed + r − 1` (roundSeed) into its own results
 * file (roundFile), then writes the rounds summary and per-row agreement; an ensemble is added to each round (over
 * the run's models) or, with one model, to round 1 (over its rounds). Returns round 1's summary (with the ensemble).
 */
export async function runRounds(options: RunOptions, plan: RoundsPlan): Promise<RoundsSummary> {
  checkPlan(options, plan);
  if (plan.repeat <= 1 && !plan.ensemble) return { ...(await runBenchmark(options)), rounds: [] };
  const emit = options.onEvent ?? (() => undefined);
  if (plan.repeat > 1 && !options.sampling?.temperature) {
    emit({ type: "log", level: "warn", message: `--repeat ${plan.repeat} with greedy decoding (temperature 0): the rounds differ only in their seed, which greedy decoding ignores; set --temperature to sample.` });
  }
  const rounds: RunSummary[] = [];
  const models = options.models.map((m) => m.name);
  for (let round = 1; round <= plan.repeat; round++) {
    const roundOptions = optionsForRound(options, round, plan.repeat);
    if (plan.repeat > 1) emit({ type: "log", level: "info", message: `round ${round}/${plan.repeat} (seed ${roundOptions.sampling!.seed}): ${roundOptions.outputFile}` });
    let summary = await runBenchmark(roundOptions);
    if (!summary.cancelled && plan.ensemble && models.length > 1) {
      const refs = models.map((model) => ({ file: roundOptions.outputFile, model, label: model }));
      summary = await rescoreWithEnsemble(roundOptions, plan.ensemble, refs, summary);
    }
    rounds.push(summary);
    if (summary.cancelled) return { ...rounds[0]!, cancelled: true, rounds };
  }
  const result: RoundsSummary = { ...rounds[0]!, rounds };
  if (plan.repeat > 1 && !options.skipMetrics) {
    const tables = await Promise.all(rounds.map((r) => readCsvFile(r.outputFile)));
    const reported = [...new Set(rounds[0]!.metrics.map((m) => m.model))];
    const agreements = rowAgreements(tables, reported, fieldsOf(rounds[0]!));
    result.roundsRows = summariseRounds(rounds.map((r) => r.metrics), agreements);
    result.roundsFile = roundsSummaryFile(options.outputFile);
    result.agreementFile = agreementFile(options.outputFile);
    writeFileAtomic(result.roundsFile, formatRoundsCsv(result.roundsRows));
    writeFileAtomic(result.agreementFile, formatAgreementCsv(agreements));
  }
  if (plan.ensemble && models.length === 1) {
    const refs = rounds.map((r, i) => ({ file: r.outputFile, model: models[0]!, label: `${models[0]} round ${i + 1}` }));
    const first = optionsForRound(options, 1, plan.repeat);
    Object.assign(result, await rescoreWithEnsemble(first, plan.ensemble, refs, rounds[0]!), { rounds });
  }
  return result;
}

/** Round r's options: its results and metrics files and its seed (an ordinary run's are unchanged). */
export function optionsForRound(options: RunOptions, round: number, repeat: number): RunOptions {
  if (repeat <= 1) return options;
  return {
    ...options,
    outputFile: roundFile(options.outputFile, round),
    metricsFile: roundFile(options.metricsFile, round),
    sampling: { ...options.sampling, seed: roundSeed(options.sampling?.seed, round) },
  };
}

async function rescoreWithEnsemble(options: RunOptions, strategy: EnsembleStrategy, refs: MemberRef[], summary: RunSummary): Promise<RunSummary> {
  // Without metrics there are no fields to read the members' answers by, and nothing to score the ensemble with.
  if (options.skipMetrics) return summary;
  await addEnsemble(options, strategy, refs, fieldsOf(summary));
  const rescored = await runBenchmark({ ...options, models: [], skipInference: true });
  // The run's own facts (failures, cancellation) stay; the metrics now include the ensemble.
  return { ...summary, metrics: rescored.metrics, metricsFile: rescored.metricsFile, notes: rescored.notes };
}

function fieldsOf(summary: RunSummary): string[] {
  return [...new Set(summary.metrics.map((m) => m.field))];
}

function checkPlan(options: RunOptions, plan: RoundsPlan): void {
  if (plan.repeat > 1 && options.skipInference) {
    // Each round's results would be re-scored against round 1's input columns: refuse rather than score wrongly.
    throw new UserError(`--repeat ${plan.repeat} runs inference; it cannot re-score (--skip-inference). Re-score each round's results file (${roundFile(options.outputFile, 2)}, …) with its own run.`);
  }
  if (!plan.ensemble) return;
  if (options.models.length < 2 && plan.repeat < 2) {
    throw new UserError(`--ensemble ${plan.ensemble} combines the answers of several models, or of several rounds of one model: select two or more models (--model a,b) or add --repeat N.`);
  }
  if (plan.ensemble === "confidence") {
    throw new UserError(
      "--ensemble confidence needs a confidence per answer, and neither engine records one yet: node-llama-cpp 3.22's chat API " +
        "does not return the sampled tokens' probabilities (only a second evaluation of each answer could), and the " +
        "OpenAI engine does not request logprobs. Use --ensemble majority or first_non_blank.",
    );
  }
}
