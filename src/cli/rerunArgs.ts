import { parseFlags } from "./flags";
import { UsageError } from "./usageError";

export interface RerunArgs {
  /** An id, a unique start of one, or `latest`. */
  run: string;
  history?: string;
  /** Results CSV of the rerun (default: beside the original's, `<name>.rerun-<id>.results.csv`). */
  out?: string;
  allowChangedDataset: boolean;
  /** Endpoint entries with their API key variables and limits (the history does not keep them). */
  modelsFile?: string;
  modelsDir?: string;
  download: boolean;
}

/** `prompt-bench rerun RUN [--history FILE] [--out FILE] [--allow-changed-dataset] [--models-file F] [--models-dir D] [--no-download]`. */
export function parseRerunArgs(argv: string[]): RerunArgs {
  const run = argv[0] !== undefined && !argv[0].startsWith("-") ? argv[0] : undefined;
  if (run === undefined) throw new UsageError("rerun needs a run: an id (or its start), or latest (see prompt-bench history)");
  const values = parseFlags(argv.slice(1), {
    history: { type: "string" },
    out: { type: "string" },
    "allow-changed-dataset": { type: "boolean", default: false },
    "models-file": { type: "string" },
    "models-dir": { type: "string" },
    "no-download": { type: "boolean", default: false },
  });
  return {
    run,
    history: values.history,
    out: values.out,
    allowChangedDataset: values["allow-changed-dataset"] ?? false,
    modelsFile: values["models-file"],
    modelsDir: values["models-dir"],
    download: !values["no-download"],
  };
}
