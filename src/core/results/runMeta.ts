import type { FieldRoles } from "../fieldRoles";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { UserError } from "../errors/userError";
import { writeFileAtomic } from "../fs/atomicWrite";
import type { PowerResult } from "../hardware/powerTypes";
import { HARDWARE_KEYS, type HardwareRecord } from "../hardware/hardwareRecord";
import type { ModelPerformance } from "../metrics/computeMetrics";

/**
 * What produced a model's rows (a resume must not mix rows made under another prompt or settings), plus the
 * per-model figures measured while making them (ModelPerformance: load time, power, hardware, wall time, prices).
 */
export interface ModelRunInfo extends ModelPerformance, Pick<HardwareRecord, "hardwareUnavailable"> {
  source: string;
  promptSha256: string;
  maxNewTokens: number;
  constrained: boolean;
  powerSamples?: number;
  /** Why the last inference window has no power figures (e.g. "nvidia-smi not found"). */
  powerUnavailable?: string;
  /** LoRA adapters and reasoning cap the rows were made with (part of what a resume must match). */
  lora?: string;
  maxReasoningTokens?: number;
  /** Sampling settings as describeSampling writes them; undefined = greedy (so older meta files still match). */
  sampling?: string;
}

interface RunMetaFile {
  version: 1;
  models: Record<string, ModelRunInfo>;
  /**
   * Models whose columns were already in the results file when it got its meta file (results of an older version
   * or the seed CLI, or copied without the meta file): recognised by their column names, then, and kept as models.
   */
  foundByName?: string[];
  /** The results CSV's model cells are written with escapeFormula: these columns (read by core/csv/formulaMark). */
  escapeFormulas?: boolean;
  escapedColumns?: string[];
  /** The columns the prompt read and the targets scored, so a re-score or reader gets the same targets. */
  fields?: FieldRoles;
}

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** `<results>.meta.json`, beside the results CSV: per model, the prompt hash and settings its rows came from. */
export class RunMeta {
  private constructor(
    readonly file: string,
    private readonly data: RunMetaFile,
    /** Whether the meta file was there when opened. */
    private existed: boolean,
  ) {}

  static open(resultsFile: string): RunMeta {
    const file = `${resultsFile}.meta.json`;
    let data: RunMetaFile = { version: 1, models: {} };
    const existed = existsSync(file);
    if (existed) {
      try {
        data = JSON.parse(readFileSync(file, "utf8")) as RunMetaFile;
      } catch {
        throw new UserError(`${file} is not valid JSON. Delete it to resume without the prompt check.`, file);
      }
      if (typeof data !== "object" || data === null || typeof data.models !== "object" || data.models === null) {
        throw new UserError(`${file} is not a Prompt Bench run record (it has no "models" object). Delete it to resume without the prompt check.`, file);
      }
    }
    return new RunMeta(file, data, existed);
  }

  /**
   * The models this results file holds columns of (see modelsInColumns), or undefined when it has no meta file:
   * then only the column names can tell.
   */
  models(): string[] | undefined {
    return this.existed ? modelsOf(this.data) : undefined;
  }

  /** The inputs and targets the rows were made with, when a run recorded them. */
  fields(): FieldRoles | undefined {
    return this.data.fields;
  }

  /** Records the run's inputs and targets (written only when they change). */
  recordFields(roles: FieldRoles): void {
    const disk = readMetaFile(this.file);
    if (JSON.stringify(disk?.fields) === JSON.stringify(roles) && this.existed) return;
    this.mergeDisk(disk);
    this.data.fields = { inputs: [...roles.inputs], targets: [...roles.targets] };
    this.write();
  }

  /** Records models recognised by name in a results file that had no meta file (written with the next record). */
  adoptByName(models: readonly string[]): void {
    this.data.foundByName = [...new Set([...(this.data.foundByName ?? []), ...models])];
  }

  /** Throws when a model already has rows made under a different prompt or settings. */
  checkCompatible(model: string, info: ModelRunInfo, resultsFile: string): void {
    const before = this.data.models[model];
    if (!before) return;
    const changed = (["promptSha256", "maxNewTokens", "constrained", "maxReasoningTokens", "lora", "sampling"] as const).filter((k) => before[k] !== info[k]);
    if (changed.length === 0) return;
    const names = { promptSha256: "prompt text", maxNewTokens: "max new tokens", constrained: "constrained-decoding setting", maxReasoningTokens: "reasoning cap (--max-reasoning-tokens)", lora: "set of LoRA adapters", sampling: "sampling setting (--temperature, --top-p, --top-k, --seed)" };
    const what = changed.map((k) => names[k]).join(", ");
    throw new UserError(
      `${resultsFile} already holds rows of model "${model}" made with a different ${what}. ` +
        `Resuming would mix them. Nothing was changed. Choose another output file (--output), or delete that ` +
        `file (and ${this.file}) to start over.`,
      resultsFile,
    );
  }

  /** Load time per model, as last recorded. */
  loadSeconds(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [model, info] of Object.entries(this.data.models)) if (info.loadSeconds !== undefined) out[model] = info.loadSeconds;
    return out;
  }

  /** Load time, GPU power and hardware figures per model, as last recorded (for the metrics CSV's appended columns). */
  performance(): Record<string, ModelPerformance> {
    const out: Record<string, ModelPerformance> = {};
    for (const [model, info] of Object.entries(this.data.models)) {
      out[model] = {
        loadSeconds: info.loadSeconds,
        energyWh: info.energyWh,
        avgPowerW: info.avgPowerW,
        peakPowerW: info.peakPowerW,
        fileBytes: info.fileBytes,
        paramCount: info.paramCount,
        gpuLayers: info.gpuLayers,
        totalLayers: info.totalLayers,
        gpuNames: info.gpuNames,
        vramPeakBytes: info.vramPeakBytes,
        ramPeakBytes: info.ramPeakBytes,
        skipped: info.skipped,
        inferenceWallSeconds: info.inferenceWallSeconds,
        inferenceRows: info.inferenceRows,
        parallelRows: info.parallelRows,
        pricePer1kInput: info.pricePer1kInput,
        pricePer1kOutput: info.pricePer1kOutput,
      };
    }
    return out;
  }

  /** Replaces a model's hardware figures (or the reasons there are none) with this run's. */
  /** Adds one session's inference window to the model's totals. */
  recordInference(model: string, window: { wallSeconds: number; rows: number; parallel: number }): void {
    const info = { ...this.data.models[model] } as ModelRunInfo;
    this.record(model, {
      ...info,
      inferenceWallSeconds: (info.inferenceWallSeconds ?? 0) + window.wallSeconds,
      inferenceRows: (info.inferenceRows ?? 0) + window.rows,
      parallelRows: Math.max(info.parallelRows ?? 1, window.parallel),
    });
  }

  recordHardware(model: string, hardware: HardwareRecord): void {
    const info = { ...this.data.models[model] } as ModelRunInfo;
    for (const key of HARDWARE_KEYS) delete info[key];
    this.record(model, { ...info, ...hardware });
  }

  /** What was last recorded for a model. */
  /** Replaces a model's power figures (or the reason there are none) with this run's. */
  recordPower(model: string, power: PowerResult): void {
    const info = { ...this.data.models[model] } as ModelRunInfo;
    for (const key of ["energyWh", "avgPowerW", "peakPowerW", "powerSamples", "powerUnavailable"] as const) delete info[key];
    this.record(
      model,
      "unavailable" in power
        ? { ...info, powerUnavailable: power.unavailable }
        : { ...info, energyWh: power.energyWh, avgPowerW: power.avgPowerW, peakPowerW: power.peakPowerW, powerSamples: power.samples },
    );
  }

  get(model: string): ModelRunInfo | undefined {
    return this.data.models[model];
  }

  record(model: string, info: ModelRunInfo): void {
    this.mergeDisk(readMetaFile(this.file));
    this.data.models[model] = info;
    this.write();
  }

  /**
   * Records, before the results CSV is written, which of its columns are written with escapeFormula (undefined:
   * none, escaping is off), so that reading it back undoes exactly that. Writes only when this changes it.
   */
  markFormulas(columns: readonly string[] | undefined): void {
    // Compared with the file, not memory: the CSV about to be written is read back by what the file says.
    const disk = readMetaFile(this.file);
    const now = disk?.escapeFormulas === true ? JSON.stringify(disk.escapedColumns ?? []) : undefined;
    const wanted = columns === undefined ? undefined : JSON.stringify(columns);
    if (now === wanted) return;
    this.mergeDisk(disk);
    if (columns === undefined) {
      this.data.escapeFormulas = false;
      delete this.data.escapedColumns;
    } else {
      this.data.escapeFormulas = true;
      this.data.escapedColumns = [...columns];
    }
    this.write();
  }

  /**
   * Only one run writes here (the results lock); still, a model someone else recorded meanwhile is kept. The
   * formula mark is the file's: it describes the results CSV as last written (markFormulas writes it first).
   */
  private mergeDisk(disk: RunMetaFile | undefined): void {
    if (!disk) return;
    this.data.models = { ...disk.models, ...this.data.models };
    if (disk.foundByName) this.adoptByName(disk.foundByName);
    if (disk.fields && !this.data.fields) this.data.fields = disk.fields;
    if (disk.escapeFormulas === undefined) delete this.data.escapeFormulas;
    else this.data.escapeFormulas = disk.escapeFormulas;
    if (disk.escapedColumns === undefined) delete this.data.escapedColumns;
    else this.data.escapedColumns = disk.escapedColumns;
  }

  private write(): void {
    this.existed = true;
    writeFileAtomic(this.file, JSON.stringify(this.data, null, 2) + "\n");
  }
}

/** What readRecordedModels and RunMeta.models return: the models a meta file lists. */
function modelsOf(data: RunMetaFile): string[] {
  return [...new Set([...Object.keys(data.models ?? {}), ...(data.foundByName ?? [])])];
}

function readMetaFile(file: string): RunMetaFile | undefined {
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as RunMetaFile;
    return typeof data === "object" && data !== null && typeof data.models === "object" && data.models !== null ? data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The models `<resultsFile>.meta.json` lists, for readers of a results CSV (panel, code lens, diagnostics); undefined
 * when there is no readable meta file, so that model columns are recognised by name (see modelsInColumns).
 */
export function readRecordedModels(resultsFile: string): string[] | undefined {
  const data = readMetaFile(`${resultsFile}.meta.json`);
  return data ? modelsOf(data) : undefined;
}

/** The inputs and targets `<resultsFile>.meta.json` records (see RunMeta.recordFields), if any. */
export function readRecordedFields(resultsFile: string): FieldRoles | undefined {
  const fields = readMetaFile(`${resultsFile}.meta.json`)?.fields;
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");
  return fields && strings(fields.inputs) && strings(fields.targets) && fields.targets.length > 0 ? fields : undefined;
}
