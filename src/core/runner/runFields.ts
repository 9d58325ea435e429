import { requireSourceColumn } from "../csv/read";
import type { CsvTable } from "../csv/table";
import { fieldRoles, type FieldRoles } from "../fieldRoles";
import { parseTemplate, type ParsedTemplate } from "../prompt/template";
import { readRecordedFields } from "../results/runMeta";
import type { RunOptions } from "./options";

/**
 * The run's inputs and targets, and the template parsed against the CSV's columns (none when re-scoring).
 * Re-scoring without `--targets` keeps the targets the meta file recorded, so it scores what the run made.
 */
export function runFields(options: RunOptions, template: string, input: Pick<CsvTable, "file" | "columns" | "delimiter" | "encoding">): { template?: ParsedTemplate; roles: FieldRoles } {
  const columns = input.columns;
  if (options.skipInference) {
    const recorded = readRecordedFields(options.outputFile);
    if (!recorded) requireSourceColumn(input);
    const inputs = (recorded?.inputs ?? ["source"]).filter((c) => columns.includes(c));
    const kept = recorded?.targets.filter((c) => columns.includes(c) && !inputs.includes(c));
    const chosen = options.targets ?? (kept && kept.length > 0 ? kept : undefined);
    return { roles: fieldRoles(options.csvFile, columns, inputs, chosen, options.targets ? options.targetsFrom : "The targets recorded in the results meta file") };
  }
  // A template reading {source} from a CSV without that column gets the CSV's message (as before).
  if (!columns.includes("source") && parseTemplate(template, options.promptFile, [...columns, "source"], options.csvFile).inputs.includes("source")) {
    requireSourceColumn(input);
  }
  const parsed = parseTemplate(template, options.promptFile, columns, options.csvFile);
  return { template: parsed, roles: fieldRoles(options.csvFile, columns, parsed.inputs, options.targets, options.targetsFrom) };
}
