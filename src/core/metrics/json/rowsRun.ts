import { factColumn, rawColumn } from "../../results/columns";
import { answerObject } from "../../schema/extract";
import type { ResultsView } from "../computeMetrics";

/** Whether the model ran the row (its `valid` fact is written): rows never run count in no JSON metric. */
export function wasRun(results: ResultsView, model: string, row: number): boolean {
  const valid = results.get(row, factColumn(model, "valid"));
  return valid === "true" || valid === "false";
}

export function isValid(results: ResultsView, model: string, row: number): boolean {
  return results.get(row, factColumn(model, "valid")) === "true";
}

/** The JSON object of the row's raw output, as written (before coercion), or undefined. */
export function rawObject(results: ResultsView, model: string, row: number): Record<string, unknown> | undefined {
  return answerObject(results.get(row, rawColumn(model)));
}
