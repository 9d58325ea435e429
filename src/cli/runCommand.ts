import { resolve } from "node:path";
import { DEFAULT_SCORE_OPTIONS } from "../core/metrics/scoreOptions";
import { defaultModelsDir } from "../core/modelsDir";
import { selectModels } from "../core/registry/select";
import { checkOutputFolders, checkOutputPaths } from "../core/results/outputSafety";
import { defaultOutputPaths, metricsPathFor } from "../core/results/paths";
import { runRounds } from "../core/rounds/runRounds";
import { createLlamaCppEngine } from "../engines/llamaCpp";
import { createOpenAiEngine } from "../engines/openai";
import { createEngineRouter } from "../engines/router";
import type { RunEvent } from "../core/runner/events";
import type { ModelSpec } from "../core/registry/modelSpec";
import type { MinGate } from "../core/gates/minGate";
import { UsageError } from "./usageError";
import { parseRunArgs, type RunArgs } from "./args";
import { recordCliRun, type CliRunEnd } from "./historyRecording";
import { applyMinGates } from "./gateStep";
import { minGates } from "./gateSettings";
import { formatMetricsTable } from "./metricsTable";
import { loadModelsFile } from "./modelsFile";
import { reportPlots } from "./plots";
import { createProgressPrinter } from "./progress";
import { openRunLog, type RunLog } from "./runLog";
import { noModelRanMessage, skipCollector, skipExitStatus, skipLines } from "./skips";

/** `prompt-bench run`: returns the exit status. */
export async function runCommand(argv: string[]): Promise<number> {
  return runWithArgs(parseRunArgs(argv));
}

/** What `rerun` gives a run besides its arguments: the recorded models, and the history record's id and link. */
export interface RunExtras {
  models?: ModelSpec[];
  runId?: string;
  rerunOf?: string;
}

/** A `run` from parsed arguments (also `prompt-bench rerun`, with the recorded run's models). */
export async function runWithArgs(args: RunArgs, extras: RunExtras = {}): Promise<number> {
  // Gates are read before the run, so that a typo fails in a second rather than after the benchmark.
  const gates = minGates(args, process.cwd());
  if (gates.length > 0 && args.skipMetrics) throw new UsageError("--min gates the run's metrics: drop --skip-metrics");
  const csvFile = resolve(args.csv);
  const promptFile = args.prompt ? resolve(args.prompt) : "";
  const defaults = promptFile
    ? defaultOutputPaths(csvFile, promptFile)
    : // Re-scoring a results CSV in place: read it, write the metrics beside it.
      { outputFile: csvFile, metricsFile: metricsPathFor(csvFile) };
  const outputFile = args.output ? resolve(args.output) : defaults.outputFile;
  const metricsFile = args.metrics ? resolve(args.metrics) : defaults.metricsFile;
  const logFile = args.log ? resolve(args.log) : undefined;
  const paths = { csvFile, promptFile: promptFile || undefined, outputFile, metricsFile, logFile, skipInference: args.skipInference, skipMetrics: args.skipMetrics };
  // The log's own path first, so that every later failure is logged; then all of them (runBenchmark again, for VS Code).
  checkOutputPaths(paths, undefined, "log");
  checkOutputFolders(paths, "log");
  const log = openRunLog(logFile, process.argv.slice(2), process.stderr);
  try {
    checkOutputPaths(paths);
    return await runLogged(args, { csvFile, promptFile, outputFile, metricsFile }, log, extras, gates);
  } catch (error) {
    log.failure(error);
    throw error;
  }
}

interface Paths {
  csvFile: string;
  promptFile: string;
  outputFile: string;
  metricsFile: string;
}

async function runLogged(args: RunArgs, paths: Paths, log: RunLog, extras: RunExtras, gates: MinGate[]): Promise<number> {
  const { csvFile, promptFile, outputFile, metricsFile } = paths;
  const userModels = args.modelsFile ? loadModelsFile(resolve(args.modelsFile)) : [];
  const models = extras.models ?? (args.skipInference ? [] : selectModels(args.model, userModels, process.cwd()));

  const toStderr = createProgressPrinter(process.stderr);
  const print = (event: RunEvent): void => {
    toStderr(event);
    log.event(event);
  };
  const out = (text: string): void => {
    process.stdout.write(text);
    log.line(text);
  };
  const skipped = skipCollector();
  const engine = args.skipInference
    ? undefined
    : createEngineRouter({
        // Endpoint entries: the key comes from the environment variable the entry names (apiKeyEnv).
        remote: createOpenAiEngine({ log: (level, message) => print({ type: "log", level, message }) }),
        local: createLlamaCppEngine({
          modelsDir: args.modelsDir ? resolve(args.modelsDir) : defaultModelsDir(),
          threads: args.threads,
          parallelRows: args.parallel,
          gpu: args.gpu,
          gpuDevices: args.gpuDevices,
          vramCapBytes: args.vramCapBytes,
          ramCapBytes: args.ramCapBytes,
          allowDownload: args.download,
          log: (level, message) => print({ type: "log", level, message }),
        }),
      });
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write("\ncancelling: saving finished rows (Ctrl-C again to quit at once)\n");
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  // The run history: recorded after the run, whatever it ended with; a failure to record is only a warning.
  const startedAt = new Date();
  const history = async (status: CliRunEnd["status"], metrics: CliRunEnd["metrics"], error?: unknown): Promise<void> => {
    const note = await recordCliRun(args, { startedAt, status, error, paths, models, metrics, id: extras.runId, rerunOf: extras.rerunOf });
    if (note?.warn) process.stderr.write(note.line);
    else if (note) process.stdout.write(note.line);
    if (note) log.line(note.line);
  };
  try {
    const summary = await runRounds({
      promptFile,
      csvFile,
      outputFile,
      metricsFile,
      models,
      engine,
      maxNewTokens: args.maxNewTokens,
      maxReasoningTokens: args.maxReasoningTokens,
      constrained: args.constrained,
      sampling: args.sampling,
      schemaFile: args.schema === undefined ? undefined : resolve(args.schema),
      skipInference: args.skipInference,
      skipMetrics: args.skipMetrics,
      targets: args.targets,
      scoreOptions: { ...DEFAULT_SCORE_OPTIONS, rougeTokenizer: args.rougeTokenizer },
      bertScoreModel: args.bertScoreModel,
      escapeFormulas: args.escapeFormulas,
      confidenceIntervals: args.confidenceIntervals,
      signal: controller.signal,
      onEvent: (event) => {
        skipped.listen(event);
        print(event);
      },
    }, { repeat: args.repeat, ensemble: args.ensemble }).catch(async (error: unknown) => {
      await history("failed", [], error);
      throw error;
    });
    if (summary.metrics.length > 0) out(formatMetricsTable(summary.metrics) + "\n\n");
    out(`results: ${summary.outputFile}\n`);
    if (summary.metricsFile) out(`metrics: ${summary.metricsFile}\n`);
    if (summary.roundsFile) out(`rounds: ${summary.roundsFile} (mean ± sd over ${summary.rounds.length} rounds; per-row agreement in ${summary.agreementFile})\n`);
    if (summary.failures.length > 0) out(`${summary.failures.length} row outputs failed schema validation (see raw_<model>__error)\n`);
    // The skips the metrics carry (meta.json), and this run's (also with --skip-metrics).
    const skips = new Map([...summary.metrics.flatMap((r) => (r.skipped ? [[r.model, r.skipped] as const] : [])), ...skipped.skips]);
    for (const line of skipLines(skips)) out(line);
    await history(summary.cancelled ? "cancelled" : "completed", summary.metrics);
    if (args.plotsDir) await reportPlots(args.plotsDir, summary);
    if (summary.cancelled) {
      process.stderr.write("cancelled: finished rows are saved; run the same command again to resume\n");
      log.line("cancelled: finished rows are saved");
      return 130;
    }
    const status = skipExitStatus(models.map((m) => m.name), skipped.skips);
    if (status === 1) {
      const message = noModelRanMessage(models.map((m) => m.name));
      process.stderr.write(message);
      log.line(message);
    }
    // After the results are saved: the gates only decide the exit status.
    const gateStatus = applyMinGates(summary.metrics, gates, {
      write: (line: string) => {
        process.stderr.write(line);
        log.line(line);
      },
    });
    return status !== 0 ? status : gateStatus;
  } finally {
    process.off("SIGINT", onSigint);
    await engine?.dispose();
  }
}
