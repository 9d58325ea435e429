import { cell, type CsvTable } from "../csv/table";
import { escapeFormula } from "../csv/formulaEscape";
import { formatCsv } from "../csv/write";
import { factColumn, predColumn } from "../results/columns";
import type { MetricsRow } from "../runner/options";
import { agreement } from "./agreement";
import { meanSd } from "./meanSd";

/** The metrics averaged over rounds: each gets `<metric>_mean` and `<metric>_sd` columns in the rounds CSV. */
export const ROUND_METRICS = ["exact_match", "chrf", "rougeL", "rouge1", "rouge2", "bleu", "bertscore_f1", "n_valid", "tokens_per_sec"] as const;
type RoundMetric = (typeof ROUND_METRICS)[number];

export interface RoundsRow {
  model: string;
  field: string;
  /** Rounds that had a metrics row for this model and field. */
  rounds: number;
  stats: Record<RoundMetric, { mean?: number; sd?: number }>;
  /** Mean over rows of the per-row agreement (rows every round finished). */
  agreementMean?: number;
}

/** One row's agreement for one model and field, for the agreement CSV. */
export interface RowAgreement {
  /** 1-based data row and its line in the input CSV. */
  row: number;
  line: number;
  model: string;
  field: string;
  agreement: number;
  modal: string;
}

const key = (model: string, field: string): string => `${model}\u0000${field}`;

/** Per-row agreement of each model and field over the rounds' results tables (rows every round finished). */
export function rowAgreements(rounds: readonly CsvTable[], models: readonly string[], fields: readonly string[]): RowAgreement[] {
  const out: RowAgreement[] = [];
  const rowCount = Math.min(...rounds.map((t) => t.records.length));
  for (const model of models) {
    for (let row = 0; row < rowCount; row++) {
      const at = (t: CsvTable, column: string): string => cell(t, t.records[row]!, column);
      if (rounds.some((t) => at(t, factColumn(model, "valid")) === "")) continue;
      for (const field of fields) {
        const { modal, share } = agreement(rounds.map((t) => at(t, predColumn(model, field))));
        out.push({ row: row + 1, line: rounds[0]!.records[row]!.line, model, field, agreement: share, modal });
      }
    }
  }
  return out;
}

/** Mean ± sd over rounds of each model × field's metrics, in round 1's row order, with the mean agreement. */
export function summariseRounds(perRound: readonly (readonly MetricsRow[])[], agreements: readonly RowAgreement[]): RoundsRow[] {
  const order: Array<{ model: string; field: string }> = [];
  const byKey = new Map<string, MetricsRow[]>();
  for (const rows of perRound) {
    for (const row of rows) {
      const k = key(row.model, row.field);
      if (!byKey.has(k)) {
        byKey.set(k, []);
        order.push({ model: row.model, field: row.field });
      }
      byKey.get(k)!.push(row);
    }
  }
  const shares = new Map<string, number[]>();
  for (const a of agreements) {
    const k = key(a.model, a.field);
    if (!shares.has(k)) shares.set(k, []);
    shares.get(k)!.push(a.agreement);
  }
  return order.map(({ model, field }) => {
    const rows = byKey.get(key(model, field))!;
    const stats = Object.fromEntries(ROUND_METRICS.map((m) => {
      const { mean, sd } = meanSd(rows.map((r) => r[m]));
      return [m, { mean, sd }];
    })) as RoundsRow["stats"];
    return { model, field, rounds: rows.length, stats, agreementMean: meanSd(shares.get(key(model, field)) ?? []).mean };
  });
}

const num = (value: number | undefined): string => (value === undefined ? "" : String(Number(value.toFixed(6))));

/** The rounds CSV: model, field, rounds, `<metric>_mean`, `<metric>_sd` …, agreement_mean. */
export function formatRoundsCsv(rows: readonly RoundsRow[]): string {
  const columns = ["model", "field", "rounds", ...ROUND_METRICS.flatMap((m) => [`${m}_mean`, `${m}_sd`]), "agreement_mean"];
  return formatCsv(columns, rows.map((r) => [r.model, r.field, String(r.rounds), ...ROUND_METRICS.flatMap((m) => [num(r.stats[m].mean), num(r.stats[m].sd)]), num(r.agreementMean)]));
}

/** The agreement CSV: one line per row, model and field (the modal answer escaped like the results' model cells). */
export function formatAgreementCsv(rows: readonly RowAgreement[]): string {
  return formatCsv(["row", "line", "model", "field", "agreement", "modal_answer"], rows.map((r) => [String(r.row), String(r.line), r.model, r.field, num(r.agreement), escapeFormula(r.modal)]));
}
