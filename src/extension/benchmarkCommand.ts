import { readFile } from "node:fs/promises";
import { parseGpuDevices } from "../engines/llamaCpp/gpuDevices";
import { basename, dirname, isAbsolute, resolve } from "node:path";
import * as vscode from "vscode";
import { ResultsLockedError } from "../core/errors/resultsLockedError";
import { UserError } from "../core/errors/userError";
import { DEFAULT_SCORE_OPTIONS } from "../core/metrics/scoreOptions";
import type { ModelSpec } from "../core/registry/modelSpec";
import { modelCatalog, selectModels } from "../core/registry/select";
import { parseUserEntries } from "../core/registry/userEntries";
import { defaultOutputPaths } from "../core/results/paths";
import type { RunEvent } from "../core/runner/events";
import type { RunSummary } from "../core/runner/options";
import { runRounds } from "../core/rounds/runRounds";
import { recordExtensionRun } from "./historyRecording";
import { createLlamaCppEngine } from "../engines/llamaCpp";
import { createOpenAiEngine } from "../engines/openai";
import { createEngineRouter } from "../engines/router";
import type { ProgressMessage } from "../shared/protocol";
import { readSettings, type Settings } from "./config";
import { reportError } from "./errors";
import { readHfToken } from "./hfToken";
import { readApiKey } from "./apiKeys";
import { getLog } from "./log";
import { withFitCheck } from "./fitChecker";
import { isLoadFailureSkip } from "../shared/skipAdvice";
import { pickCsv, pickModels, rememberCsv } from "./pickers";
import { REMEMBERED_TARGETS, rememberedTargets } from "./targetChoice";
import { isPromptDocument } from "./promptFiles";
import { ResultsPanel, resultsMessage } from "./resultsPanel";
import { ResultsWatcher } from "./resultsWatcher";
import { RunProgress } from "./runProgress";
import { reportLocked } from "./runningResults";
import { runState } from "./runState";
import type { Services } from "./services";

/** Arguments for running without pickers (tests, other extensions, keybindings). */
export interface BenchmarkCommandOptions {
  /** CSV to run over (absolute, or relative to the prompt's workspace folder). Skips the CSV picker. */
  csvFile?: string;
  /** Model names, tiers or `.gguf` paths, as for the CLI's `--model`. Skips the model picker. */
  models?: string[];
  /**
   * No interactive UI: no pickers (csvFile and models are then required), no notifications, and errors are thrown
   * to the caller (after being logged) instead of being shown. The progress notification is still shown.
   */
  silent?: boolean;
  /** Results and metrics files to write instead of the defaults (A/B and variants runs write fresh ones). */
  output?: { outputFile: string; metricsFile: string };
  /** Target columns (skips the choice remembered by prompt-bench.chooseTargets). */
  targets?: string[];
  /** Settings that replace the promptBench.* ones for this run (A/B repeats a recorded run's parameters). */
  settings?: Partial<Settings>;
}

/** The run's summary, with the id it was recorded under in the history (undefined when not recorded). */
export type BenchmarkResult = RunSummary & { runId?: string };

export const UNTRUSTED_MESSAGE =
  "Prompt Bench does not run in an untrusted workspace: the model files it loads and runs come from workspace " +
  "settings (promptBench.models, promptBench.modelsDir), which an untrusted folder could point at anything. " +
  "Trust this workspace to benchmark prompts.";

let running = false;

/**
 * `prompt-bench.benchmarkPrompt`: pick a CSV and models (or take them from `options`), run the benchmark with a
 * cancellable progress notification, then show diagnostics on failing rows and the results panel. Returns the
 * run's summary, or undefined when nothing ran (dismissed picker, untrusted workspace, error when not silent).
 */
export async function benchmarkPromptCommand(
  services: Services,
  uri?: unknown,
  options?: BenchmarkCommandOptions,
): Promise<BenchmarkResult | undefined> {
  const silent = options?.silent === true;
  const log = getLog();
  if (!vscode.workspace.isTrusted) {
    log.warn(UNTRUSTED_MESSAGE);
    if (silent) throw new UserError(UNTRUSTED_MESSAGE);
    const manage = "Manage Workspace Trust";
    void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE, manage).then((choice) => {
      if (choice === manage) void vscode.commands.executeCommand("workbench.trust.manage");
    });
    return undefined;
  }
  if (running) {
    const message = "A Prompt Bench run is already in progress; cancel it or wait for it to finish.";
    if (silent) throw new UserError(message);
    void vscode.window.showWarningMessage(message);
    return undefined;
  }
  running = true;
  try {
    return await benchmark(services, uri instanceof vscode.Uri ? uri : undefined, options ?? {});
  } catch (error) {
    ResultsPanel.postProgress({ type: "progress", state: "failed", message: error instanceof Error ? error.message : String(error) });
    if (silent) {
      log.error(`Benchmark failed: ${error instanceof Error ? (error instanceof UserError ? error.message : (error.stack ?? error.message)) : String(error)}`);
      throw error;
    }
    if (error instanceof ResultsLockedError) reportLocked(services.context.extensionUri, error);
    else reportError(error, "Benchmark");
    return undefined;
  } finally {
    running = false;
  }
}

async function benchmark(services: Services, uri: vscode.Uri | undefined, options: BenchmarkCommandOptions): Promise<BenchmarkResult | undefined> {
  const log = getLog();
  const silent = options.silent === true;
  const state = services.context.workspaceState;

  const promptUri = await resolvePrompt(uri);
  const promptFile = promptUri.fsPath;
  const folder = vscode.workspace.getWorkspaceFolder(promptUri);
  const cwd = folder?.uri.fsPath ?? dirname(promptFile);
  const settings = { ...readSettings(promptUri), ...options.settings };
  const userEntries = parseUserEntries(settings.models, "Setting promptBench.models", cwd);

  let csvFile: string | undefined;
  if (options.csvFile !== undefined) {
    csvFile = isAbsolute(options.csvFile) ? options.csvFile : resolve(cwd, options.csvFile);
  } else if (silent) {
    throw new UserError("No CSV given: pass options.csvFile when running the benchmark command silently.");
  } else {
    csvFile = await pickCsv(state, promptFile);
  }
  if (csvFile === undefined) {
    log.info("Benchmark not started: no CSV picked.");
    return undefined;
  }
  await rememberCsv(state, promptFile, csvFile);

  let models: ModelSpec[] | undefined;
  if (options.models !== undefined) {
    models = selectModels(options.models.join(","), userEntries, cwd);
  } else if (silent) {
    throw new UserError("No models given: pass options.models when running the benchmark command silently.");
  } else {
    const userNames = new Set(userEntries.map((m) => m.name));
    models = await withFitCheck(settings, (fitOf) => pickModels(state, modelCatalog(userEntries), userNames, fitOf));
  }
  if (models === undefined || models.length === 0) {
    log.info("Benchmark not started: no model picked.");
    return undefined;
  }

  const { outputFile, metricsFile } = options.output ?? defaultOutputPaths(csvFile, promptFile);
  const run = { promptFile, csvFile, outputFile, metricsFile, targets: options.targets ?? rememberedTargets(state, csvFile), targetsFrom: options.targets ? "options.targets" : REMEMBERED_TARGETS };
  log.info(
    `Benchmark: prompt ${promptFile}, CSV ${csvFile}, models ${models.map((m) => m.name).join(", ")}; ` +
      `maxNewTokens ${settings.maxNewTokens}, maxReasoningTokens ${settings.maxReasoningTokens ?? "none"}, constrained ${settings.constrainedDecoding}, threads ${settings.threads ?? "auto"}, parallelRows ${settings.parallelRows ?? "auto"}, ` +
      `gpu ${settings.gpu}, models folder ${settings.modelsDir}`,
  );
  log.info(`Results: ${outputFile}; metrics: ${metricsFile}`);

  // The panel fills in with each model's progress as the run goes (beside the editor, keeping the focus).
  ResultsPanel.createOrShow(services.context.extensionUri, undefined, true);
  const startedAt = new Date();
  const record = (status: "completed" | "cancelled" | "failed", metrics: RunSummary["metrics"], error?: unknown) =>
    recordExtensionRun(settings, cwd, { startedAt, status, error, run, models, metrics });
  const summary = await runWithProgress(settings, models, run, await readHfToken(services.context.secrets), services.context.secrets).catch(async (error: unknown) => {
    await record("failed", [], error);
    throw error;
  });
  const runId = await record(summary.cancelled ? "cancelled" : "completed", summary.metrics);

  // Diagnostics on the input CSV's failing rows, re-read from the results file (as the results watcher does).
  try {
    if (ResultsWatcher.current) await ResultsWatcher.current.refresh(vscode.Uri.file(outputFile), csvFile);
    else await services.diagnostics.updateFromResults(outputFile, csvFile);
  } catch {
    const csvText = await readFile(csvFile, "utf8").catch(() => undefined);
    services.diagnostics.set(vscode.Uri.file(csvFile), summary.failures, csvText, outputFile);
  }

  const message = resultsMessage({ ...run, metricsFile: summary.metricsFile ?? metricsFile }, summary.metrics, summary.failures, summary.cancelled, summary.notes, summary.loadSeconds);
  await services.lastRun.set(message);
  ResultsPanel.createOrShow(services.context.extensionUri, message, true);

  const failed = summary.failures.length;
  const outcome = summary.cancelled
    ? `Benchmark cancelled. The rows that finished are saved in ${basename(outputFile)}; run it again to resume.`
    : `Benchmark finished: ${models.length} model${models.length === 1 ? "" : "s"}, ` +
      `${failed === 0 ? "every output valid" : `${failed} output${failed === 1 ? "" : "s"} failed validation (see Problems)`}. ` +
      `Results in ${basename(outputFile)}.` + skippedNote(summary.metrics);
  log.info(outcome);
  ResultsPanel.postProgress({ type: "progress", state: summary.cancelled ? "cancelled" : "done", message: outcome });
  if (!silent) {
    const openCsv = "Open results CSV";
    const openMetrics = "Open metrics CSV";
    void vscode.window.showInformationMessage(outcome, openCsv, openMetrics).then((choice) => {
      const file = choice === openCsv ? outputFile : choice === openMetrics ? metricsFile : undefined;
      if (file) void vscode.window.showTextDocument(vscode.Uri.file(file));
    });
  }
  return { ...summary, runId };
}

/** " Skipped …" for models that did not fit the free memory or could not load (the panel and the log say why), else "". */
function skippedNote(metrics: RunSummary["metrics"]): string {
  const models = (broken: boolean): string[] => [...new Set(metrics.filter((r) => r.skipped && isLoadFailureSkip(r.skipped) === broken).map((r) => r.model))];
  const big = models(false);
  const broken = models(true);
  const notes = [
    ...(big.length > 0 ? [`Skipped, too big for the free memory: ${big.join(", ")}.`] : []),
    ...(broken.length > 0 ? [`Skipped, the model file cannot be loaded: ${broken.join(", ")}.`] : []),
  ];
  return notes.length === 0 ? "" : ` ${notes.join(" ")} (The panel says why.)`;
}

/** The prompt: the given URI, else the active editor's document. Unsaved changes are saved first. */
async function resolvePrompt(uri: vscode.Uri | undefined): Promise<vscode.Uri> {
  const document = uri
    ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())
    : vscode.window.activeTextEditor?.document;
  const target = uri ?? document?.uri;
  if (!target) {
    throw new UserError("Open a prompt file first: a text file with a {source} placeholder, e.g. extract.prompt.txt.");
  }
  if (target.scheme !== "file") {
    throw new UserError(`Save ${target.path || "the prompt"} to a file first: Prompt Bench reads the prompt from disk.`);
  }
  if (!uri && document && !isPromptDocument(document)) {
    throw new UserError(
      `${basename(target.fsPath)} is not a prompt file. A prompt file matches the setting promptBench.promptGlob ` +
        `or is a .txt file containing {source}.`,
      target.fsPath,
    );
  }
  if (document?.isDirty) await document.save();
  return target;
}

async function runWithProgress(
  settings: Settings,
  models: ModelSpec[],
  run: { promptFile: string; csvFile: string; outputFile: string; metricsFile: string; targets?: readonly string[]; targetsFrom?: string },
  hfToken: string | undefined,
  secrets: vscode.SecretStorage,
): Promise<RunSummary> {
  const log = getLog();
  const engine = createEngineRouter({
    local: createLlamaCppEngine({
      modelsDir: settings.modelsDir,
      threads: settings.threads,
      parallelRows: settings.parallelRows,
      gpu: settings.gpu === "off" ? false : "auto",
      gpuDevices: parseGpuDevices(settings.gpuDevices, "Setting promptBench.gpuDevices"),
      allowDownload: true,
      hfToken,
      log: (level, message) => log[level](message),
    }),
    // Endpoint entries: the key from SecretStorage (prompt-bench.setApiKey), else the entry's apiKeyEnv variable.
    remote: createOpenAiEngine({ apiKey: (spec) => readApiKey(secrets, spec), log: (level, message) => log[level](message) }),
  });
  try {
    return await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Prompt Bench: ${basename(run.promptFile)} × ${basename(run.csvFile)}`,
        cancellable: true,
      },
      async (progress, token) => {
        // Shared run state: the notification's Cancel, the status bar and prompt-bench.cancelRun all abort it.
        const signal = runState.start(basename(run.promptFile), models.length);
        const cancel = token.onCancellationRequested(() => runState.cancel());
        const onAbort = () => log.info("Cancel requested; stopping after saving the finished rows.");
        signal.addEventListener("abort", onAbort, { once: true });
        const tracker = new RunProgress(progress, models.length, (p: ProgressMessage) => ResultsPanel.postProgress(p));
        try {
          return await runRounds({
            ...run,
            models,
            engine,
            maxNewTokens: settings.maxNewTokens,
            maxReasoningTokens: settings.maxReasoningTokens,
            constrained: settings.constrainedDecoding,
            sampling: settings.sampling,
            schemaFile: settings.schemaFile,
            scoreOptions: { ...DEFAULT_SCORE_OPTIONS, rougeTokenizer: settings.rougeTokenizer },
            bertScoreModel: settings.bertScoreModel,
            escapeFormulas: settings.escapeFormulas,
            confidenceIntervals: settings.confidenceIntervals,
            signal,
            runBy: "vscode",
            onEvent: (event) => {
              tracker.handle(event);
              if (event.type === "model-start" || event.type === "row-done") {
                runState.update({ model: event.model, modelIndex: event.modelIndex, modelCount: event.modelCount, rowsDone: event.rowsDone, rowsTotal: event.rowsTotal });
              }
              logEvent(event);
            },
          }, { repeat: settings.repeat, ensemble: settings.ensemble });
        } finally {
          cancel.dispose();
          signal.removeEventListener("abort", onAbort);
          runState.finish();
        }
      },
    );
  } finally {
    await engine.dispose().catch((error: unknown) => log.warn(`Disposing the engine failed: ${String(error)}`));
  }
}

function logEvent(event: RunEvent): void {
  const log = getLog();
  switch (event.type) {
    case "model-start":
      log.info(`Model ${event.modelIndex + 1}/${event.modelCount} ${event.model}: ${event.rowsDone}/${event.rowsTotal} rows already done`);
      return;
    case "model-loaded":
      log.info(`${event.model} loaded in ${event.loadSeconds.toFixed(1)} s`);
      return;
    case "row-done":
      log.debug(`${event.model} row ${event.rowIndex + 1}: ${event.valid ? "valid" : "invalid"} (${event.rowsDone}/${event.rowsTotal}, ${event.tokensPerSec.toFixed(1)} tok/s)`);
      return;
    case "model-done":
      log.info(`${event.model}: ${event.skipped ? `skipped${event.reason ? ` (${event.reason})` : ""}` : "done"}`);
      return;
    case "saved":
      log.debug(`Saved ${event.rowsDone} rows to ${event.path}`);
      return;
    case "log":
      log[event.level](event.message);
      return;
  }
}
