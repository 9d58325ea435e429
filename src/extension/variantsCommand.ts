import { basename, dirname, isAbsolute, resolve } from "node:path";
import * as vscode from "vscode";
import { freshOutputPaths } from "../core/ab/freshOutputPaths";
import { runInTurn } from "../core/ab/runInTurn";
import { UserError } from "../core/errors/userError";
import { modelCatalog } from "../core/registry/select";
import { parseUserEntries } from "../core/registry/userEntries";
import { benchmarkPromptCommand, UNTRUSTED_MESSAGE } from "./benchmarkCommand";
import { openComparison, type CompareRunsArgs } from "./compareRunsCall";
import { readSettings } from "./config";
import { reportError } from "./errors";
import { withFitCheck } from "./fitChecker";
import { historyFileFor } from "./historyRecording";
import { getLog } from "./log";
import { pickCsv, pickModels } from "./pickers";
import { pickPromptFiles } from "./promptFilePicker";
import type { Services } from "./services";

/** Arguments for running without pickers (tests): all three skip their picker; silent throws errors instead of showing them. */
export interface VariantsCommandOptions {
  promptFiles?: string[];
  csvFile?: string;
  models?: string[];
  silent?: boolean;
}

export interface VariantRun {
  promptFile: string;
  outputFile: string;
  runId?: string;
  cancelled: boolean;
}

export interface VariantsResult {
  runs: VariantRun[];
  compareArgs?: CompareRunsArgs;
  comparison?: unknown;
}

/**
 * `prompt-bench.benchmarkVariants`: benchmarks several prompt files on one CSV and the same models, one after
 * another, each into fresh results files and recorded in the history, then compares the first variant's run with
 * the others'. Cancelling stops the current variant (its finished rows kept) and starts no further one.
 */
export async function benchmarkVariantsCommand(services: Services, options?: VariantsCommandOptions): Promise<VariantsResult | undefined> {
  const silent = options?.silent === true;
  try {
    return await benchmarkVariants(services, options ?? {}, silent);
  } catch (error) {
    if (silent) throw error;
    reportError(error, "Benchmark prompt variants");
    return undefined;
  }
}

async function benchmarkVariants(services: Services, options: VariantsCommandOptions, silent: boolean): Promise<VariantsResult | undefined> {
  const log = getLog();
  if (!vscode.workspace.isTrusted) throw new UserError(UNTRUSTED_MESSAGE);
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const absolute = (file: string): string => (isAbsolute(file) || !root ? file : resolve(root, file));
  const prompts = options.promptFiles ? options.promptFiles.map(absolute) : silent ? undefined : await pickPromptFiles();
  if (silent && !prompts) throw new UserError("No prompt files given: pass options.promptFiles when running the variants command silently.");
  if (!prompts) return undefined;
  if (new Set(prompts).size < 2) throw new UserError(`Pick at least two different prompt files to compare as variants (got ${prompts.map((p) => basename(p)).join(", ") || "none"}).`);
  const first = vscode.Uri.file(prompts[0]!);
  const settings = readSettings(first);
  const cwd = vscode.workspace.getWorkspaceFolder(first)?.uri.fsPath ?? dirname(prompts[0]!);

  const csvFile = options.csvFile ? (isAbsolute(options.csvFile) ? options.csvFile : resolve(cwd, options.csvFile)) : silent ? undefined : await pickCsv(services.context.workspaceState, prompts[0]!);
  if (silent && !csvFile) throw new UserError("No CSV given: pass options.csvFile when running the variants command silently.");
  if (!csvFile) return undefined;
  let models = options.models;
  if (!models) {
    if (silent) throw new UserError("No models given: pass options.models when running the variants command silently.");
    const userEntries = parseUserEntries(settings.models, "Setting promptBench.models", cwd);
    const userNames = new Set(userEntries.map((m) => m.name));
    const picked = await withFitCheck(settings, (fitOf) => pickModels(services.context.workspaceState, modelCatalog(userEntries), userNames, fitOf));
    models = picked?.map((m) => m.name);
  }
  if (!models || models.length === 0) return undefined;

  const { runs, compare } = await runInTurn(prompts.length, async (i): Promise<VariantRun | undefined> => {
    const promptFile = prompts[i]!;
    log.info(`Variant ${i + 1}/${prompts.length}: ${promptFile}`);
    const output = freshOutputPaths(csvFile, promptFile, new Date());
    // Each variant runs silently (no per-variant notifications); an error stops the set there, keeping the variants before it.
    let summary;
    try {
      summary = await benchmarkPromptCommand(services, vscode.Uri.file(promptFile), { csvFile, models, silent: true, output });
    } catch (error) {
      if (silent) throw error;
      reportError(error, `Variant ${basename(promptFile)}`);
      return undefined;
    }
    if (summary?.cancelled) log.info(`Variants stopped at ${basename(promptFile)} (cancelled); the finished rows are saved.`);
    return summary && { promptFile, outputFile: output.outputFile, runId: summary.runId, cancelled: summary.cancelled };
  });
  const result: VariantsResult = { runs };
  const historyFile = historyFileFor(settings, cwd);
  if (!compare || !historyFile) {
    const why = !historyFile ? "the run history is off (promptBench.historyFile)" : "fewer than two variants finished";
    log.info(`Variants: no comparison opened: ${why}.`);
    if (!silent) void vscode.window.showInformationMessage(`Prompt variants: ${runs.length} run; no comparison opened (${why}).`);
    return result;
  }
  result.compareArgs = { historyFile, ...compare };
  result.comparison = await openComparison(result.compareArgs, silent);
  return result;
}
