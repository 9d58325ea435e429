import { ENSEMBLE_STRATEGIES } from "../core/rounds/ensembleStrategy";
import { existsSync } from "node:fs";
import { dirname, join, basename, resolve } from "node:path";
import { HistoryError } from "../core/errors/historyError";
import { UserError } from "../core/errors/userError";
import { writeFileAtomic } from "../core/fs/atomicWrite";
import { defaultHistoryFile } from "../core/history/historyPath";
import { newRunId } from "../core/history/runId";
import type { RunRecord } from "../core/history/runRecord";
import { matchPredictions } from "../core/rerun/predictionMatch";
import { planRerun } from "../core/rerun/rerunPlan";
import { metricsPathFor } from "../core/results/paths";
import { SqliteHistory } from "../storage/sqlite/sqliteHistory";
import type { RunArgs } from "./args";
import { resolveRun } from "./historyCommand";
import { loadModelsFile } from "./modelsFile";
import { formatMatch } from "./rerunReport";
import { parseRerunArgs, type RerunArgs } from "./rerunArgs";
import { runWithArgs } from "./runCommand";

/**
 * `prompt-bench rerun RUN`: runs a recorded run again as it was (the recorded prompt text, dataset, model files
 * and parameters), into a new results file, records it with a link to the original and says whether the
 * predictions came out the same. Refuses, before anything runs, when a model file or the dataset changed.
 */
export async function rerunCommand(argv: string[]): Promise<number> {
  const args = parseRerunArgs(argv);
  const historyFile = args.history ? resolve(args.history) : defaultHistoryFile(process.cwd());
  if (!existsSync(historyFile)) {
    throw new HistoryError(`There is no history database at ${historyFile}. Runs are recorded beside their results (.prompt-bench/history.sqlite); pass that file with --history FILE.`, historyFile);
  }
  const store = new SqliteHistory(historyFile);
  const original = await store.get(await resolveRun(store, args.run, historyFile));
  if (!original) throw new HistoryError(`${historyFile} has no run ${args.run}.`, historyFile);

  const endpointEntries = args.modelsFile ? loadModelsFile(resolve(args.modelsFile)) : [];
  const plan = await planRerun(original, { hashFile: (file) => store.fileHash(file), allowChangedDataset: args.allowChangedDataset, endpointEntries });
  const id = newRunId(new Date());
  const outputFile = args.out ? resolve(args.out) : defaultRerunResults(original.resultsFile, id);
  if (existsSync(outputFile)) {
    throw new UserError(`${outputFile} already exists. A rerun writes a new results file and never resumes or overwrites one: choose another --out FILE, or move that file away.`, outputFile);
  }
  // The prompt as the run recorded it, not the prompt file's text now: kept beside the rerun's results.
  const promptFile = `${outputFile}.prompt.txt`;
  writeFileAtomic(promptFile, original.prompt.text);

  process.stdout.write(`rerun of run ${original.id} (prompt sha256 ${original.prompt.sha256.slice(0, 12)}…, dataset ${original.dataset.file}, models ${original.models.map((m) => m.name).join(", ")})\n`);
  for (const note of plan.notes) process.stderr.write(`note: ${note}\n`);
  const status = await runWithArgs(runArgsOf(original, args, { promptFile, outputFile, historyFile }), { models: plan.models, runId: id, rerunOf: original.id });

  const rerun = await store.get(id);
  if (!rerun) {
    process.stderr.write(`warning: the rerun was not recorded in ${historyFile}, so its predictions were not compared with run ${original.id}.\n`);
    return status;
  }
  process.stdout.write(formatMatch(original.id, rerun.id, matchPredictions(original, rerun)));
  return status;
}

/** `<name>.results.csv` → `<name>.rerun-<id>.results.csv`, beside it. */
export function defaultRerunResults(originalResults: string, id: string): string {
  const name = basename(originalResults).replace(/(\.results)?\.csv$/i, "");
  return join(dirname(originalResults), `${name}.rerun-${id}.results.csv`);
}

/** The recorded parameters as `run` arguments. */
function runArgsOf(run: RunRecord, args: RerunArgs, paths: { promptFile: string; outputFile: string; historyFile: string }): RunArgs {
  const p = run.params;
  return {
    prompt: paths.promptFile,
    csv: run.dataset.file,
    output: paths.outputFile,
    metrics: metricsPathFor(paths.outputFile),
    model: "",
    modelsDir: args.modelsDir,
    maxNewTokens: p.maxNewTokens,
    maxReasoningTokens: p.maxReasoningTokens,
    threads: p.threads,
    parallel: p.parallel,
    gpu: p.gpu === false ? false : "auto",
    gpuDevices: p.gpuDevices,
    vramCapBytes: p.vramCapBytes,
    ramCapBytes: p.ramCapBytes,
    constrained: p.constrained,
    skipInference: false,
    skipMetrics: p.skipMetrics ?? false,
    download: args.download,
    rougeTokenizer: p.rougeTokenizer === "unicode" ? "unicode" : "default",
    bertScoreModel: p.bertScoreModel,
    escapeFormulas: p.escapeFormulas ?? true,
    history: paths.historyFile,
    noHistory: false,
    confidenceIntervals: p.confidenceIntervals !== false,
    ...recordedSampling(p),
  };
}

/** The recorded sampling, rounds and ensemble (runs before these settings recorded temperature 0 and seed 1: greedy). */
function recordedSampling(p: RunRecord["params"]): Pick<RunArgs, "sampling" | "repeat" | "ensemble"> {
  const sampled = p.temperature !== 0 || p.topP !== undefined || p.topK !== undefined;
  const sampling = sampled ? { temperature: p.temperature, topP: p.topP, topK: p.topK, seed: p.seed } : undefined;
  const ensemble = ENSEMBLE_STRATEGIES.find((s) => s === p.ensemble);
  return { sampling, repeat: p.repeat ?? 1, ensemble };
}
