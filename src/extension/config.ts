import { isAbsolute, resolve } from "node:path";
import * as vscode from "vscode";
import { defaultModelsDir } from "../core/modelsDir";
import { readSamplingSettings, type SamplingSettingsPart } from "./samplingSettings";

export const CONFIG_SECTION = "promptBench";

export type GpuSetting = "auto" | "off";

/** The `promptBench.*` settings, with defaults applied. */
export interface Settings extends SamplingSettingsPart {
  promptGlob: string;
  /** Raw `promptBench.models` entries; parsed by the registry. */
  models: unknown[];
  /** Resolved: the setting, else `$PROMPT_BENCH_MODELS_DIR`, else `~/.cache/prompt-bench/models`. */
  modelsDir: string;
  maxNewTokens: number;
  /** Cap on reasoning tokens per row (thinking models); undefined = none (setting null). */
  maxReasoningTokens: number | undefined;
  /** undefined = let the engine choose for this machine. */
  threads: number | undefined;
  /** Rows decoded at once; undefined = let the engine choose (setting 0). */
  parallelRows: number | undefined;
  constrainedDecoding: boolean;
  /** Typed-fields schema file; undefined = `<prompt name>.schema.json` beside the prompt, when there is one. */
  schemaFile: string | undefined;
  gpu: GpuSetting;
  /** GPU indexes as written ("0,1"; checked when a run starts); undefined = every GPU. */
  gpuDevices: string | undefined;
  /** Local ONNX BERT folder for BERTScore; undefined = bertscore_f1 stays empty (with a note). */
  bertScoreModel: string | undefined;
  rougeTokenizer: "default" | "unicode";
  /** Neutralise model cells a spreadsheet would run as formulas (CSV injection); default true. */
  escapeFormulas: boolean;
  /** promptBench.historyFile as written: "" = `.prompt-bench/history.sqlite` in the workspace folder, "off" = none. */
  historyFile: string;
  /** promptBench.confidenceIntervals: bootstrap intervals and the rank in the metrics (default true). */
  confidenceIntervals: boolean;
}

export const DEFAULT_PROMPT_GLOB = "**/*.prompt.{txt,md}";

export function readSettings(scope?: vscode.Uri): Settings {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const modelsDir = (c.get<string>("modelsDir") ?? "").trim();
  const threads = c.get<number>("threads") ?? 0;
  const parallelRows = c.get<number>("parallelRows") ?? 0;
  const maxNewTokens = c.get<number>("maxNewTokens") ?? 1024;
  const maxReasoningTokens = c.get<number | null>("maxReasoningTokens");
  const models = c.get<unknown>("models");
  const bertScoreModel = (c.get<string>("bertScoreModel") ?? "").trim();
  return {
    promptGlob: (c.get<string>("promptGlob") ?? "").trim() || DEFAULT_PROMPT_GLOB,
    models: Array.isArray(models) ? models : [],
    modelsDir: modelsDir ? resolveDir(expandHome(modelsDir), scope) : defaultModelsDir(),
    maxNewTokens: Number.isInteger(maxNewTokens) && maxNewTokens > 0 ? maxNewTokens : 1024,
    maxReasoningTokens: Number.isInteger(maxReasoningTokens) && (maxReasoningTokens as number) > 0 ? (maxReasoningTokens as number) : undefined,
    threads: Number.isInteger(threads) && threads > 0 ? threads : undefined,
    parallelRows: Number.isInteger(parallelRows) && parallelRows > 0 ? parallelRows : undefined,
    constrainedDecoding: c.get<boolean>("constrainedDecoding") === true,
    schemaFile: (c.get<string>("schemaFile") ?? "").trim() ? resolveDir(expandHome((c.get<string>("schemaFile") ?? "").trim()), scope) : undefined,
    gpu: c.get<string>("gpu") === "off" ? "off" : "auto",
    gpuDevices: (c.get<string>("gpuDevices") ?? "").trim() || undefined,
    bertScoreModel: bertScoreModel ? resolveDir(expandHome(bertScoreModel), scope) : process.env.PROMPT_BENCH_BERTSCORE_MODEL,
    rougeTokenizer: c.get<string>("rougeTokenizer") === "unicode" ? "unicode" : "default",
    escapeFormulas: c.get<boolean>("escapeFormulas") !== false,
    historyFile: (c.get<string>("historyFile") ?? "").trim(),
    confidenceIntervals: c.get<boolean>("confidenceIntervals") !== false,
    ...readSamplingSettings(c),
  };
}

/** A relative models folder is relative to the workspace folder of `scope` (or the first one). */
function resolveDir(dir: string, scope: vscode.Uri | undefined): string {
  if (isAbsolute(dir)) return dir;
  const folder = (scope && vscode.workspace.getWorkspaceFolder(scope)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder ? resolve(folder.uri.fsPath, dir) : resolve(dir);
}

function expandHome(p: string): string {
  if (p === "~" || p.startsWith("~/")) {
    const home = process.env.HOME ?? process.env.USERPROFILE ?? "";
    return home + p.slice(1);
  }
  return p;
}
