import { cell, type CsvTable } from "../csv/table";
import { factColumn, predColumn, rawColumn } from "../results/columns";
import { combineAnswers } from "./combine";
import type { EnsembleStrategy } from "./ensembleStrategy";

/** One member of an ensemble: a model's columns in a results table (a round's file, for ensembles over rounds). */
export interface EnsembleMember {
  table: CsvTable;
  model: string;
}

/** The per-row confidence a member's engine recorded (0–1), where one does; no engine writes it yet (README). */
export const confidenceColumn = (model: string): string => `raw_${model}__confidence`;

/** Whether any member has recorded confidences: `confidence` needs them. */
export function membersHaveConfidence(members: readonly EnsembleMember[]): boolean {
  return members.some((m) => m.table.columns.includes(confidenceColumn(m.model)));
}

/**
 * The ensemble model's cells for each row, by row index (members' tables hold the same rows in the same order).
 * A row is left out until every member has finished it. The row counts as valid when a member's answer was valid;
 * its tokens and seconds are the members' sums (what the ensemble cost to make).
 */
export function ensembleCells(name: string, strategy: EnsembleStrategy, members: readonly EnsembleMember[], fields: readonly string[]): Map<number, Record<string, string>> {
  const out = new Map<number, Record<string, string>>();
  const rowCount = Math.min(...members.map((m) => m.table.records.length));
  for (let row = 0; row < rowCount; row++) {
    const at = (m: EnsembleMember, column: string): string => cell(m.table, m.table.records[row]!, column);
    if (members.some((m) => at(m, factColumn(m.model, "valid")) === "")) continue;
    const cells: Record<string, string> = {};
    const values: Record<string, string> = {};
    for (const field of fields) {
      const answers = members.map((m) => {
        const confidence = Number.parseFloat(at(m, confidenceColumn(m.model)));
        return { value: at(m, predColumn(m.model, field)), confidence: Number.isFinite(confidence) ? confidence : undefined };
      });
      values[field] = combineAnswers(strategy, answers);
      cells[predColumn(name, field)] = values[field]!;
    }
    const anyValid = members.some((m) => at(m, factColumn(m.model, "valid")) === "true");
    const sum = (fact: "tokens_in" | "tokens_out" | "seconds"): string => String(members.reduce((total, m) => total + (Number(at(m, factColumn(m.model, fact))) || 0), 0));
    cells[rawColumn(name)] = JSON.stringify(values);
    cells[factColumn(name, "valid")] = String(anyValid);
    cells[factColumn(name, "error")] = anyValid ? "" : "no member gave a valid answer";
    cells[factColumn(name, "tokens_in")] = sum("tokens_in");
    cells[factColumn(name, "tokens_out")] = sum("tokens_out");
    cells[factColumn(name, "seconds")] = Number(sum("seconds")).toFixed(4);
    out.set(row, cells);
  }
  return out;
}
