import { CsvError } from "./errors/csvError";
import { targetFields } from "./fields";

/** Which CSV columns go into the prompt (inputs) and which the model must produce (targets). */
export interface FieldRoles {
  inputs: string[];
  targets: string[];
}

/**
 * The targets: `chosen` (`--targets a,b`, or the choice remembered in VS Code) when given, each checked to be a
 * column that is not an input; else the seed's auto-detection (targetFields) minus the template's inputs.
 */
export function fieldRoles(csvFile: string, columns: readonly string[], inputs: readonly string[], chosen?: readonly string[], from = "--targets"): FieldRoles {
  if (chosen === undefined || chosen.length === 0) {
    return { inputs: [...inputs], targets: targetFields(columns).filter((c) => !inputs.includes(c)) };
  }
  const listed = `Columns: ${columns.map((c) => JSON.stringify(c)).join(", ")}.`;
  for (const target of chosen) {
    if (!columns.includes(target)) {
      throw new CsvError(`${from} names "${target}", which is not a column of ${csvFile}. ${listed} Name columns that hold the expected answers.`, csvFile, 1);
    }
    if (inputs.includes(target)) {
      throw new CsvError(`${from} names "${target}", but the prompt reads {${target}}, so it is an input, not a target (${csvFile}). Leave it out of the targets or out of the prompt.`, csvFile, 1);
    }
    if (target.startsWith("pred_") || target.startsWith("raw_")) {
      throw new CsvError(`${from} names "${target}" in ${csvFile}, but pred_* and raw_* are results columns. Choose a column that holds expected answers.`, csvFile, 1);
    }
  }
  return { inputs: [...inputs], targets: [...new Set(chosen)].sort() };
}

/** Parses `--targets a,b` (spaces around names trimmed, blanks dropped). */
export function parseTargetList(value: string): string[] {
  return value.split(",").map((t) => t.trim()).filter((t) => t !== "");
}

/**
 * The targets of a results CSV read back (panel, history, diagnostics): those its meta file recorded (see
 * readRecordedFields) that are still columns; without a record, the seed's auto-detection.
 */
export function targetsOf(columns: readonly string[], recorded: FieldRoles | undefined): string[] {
  const kept = recorded?.targets.filter((t) => columns.includes(t)) ?? [];
  if (kept.length > 0) return kept;
  return targetFields(columns).filter((c) => !(recorded?.inputs ?? []).includes(c));
}
