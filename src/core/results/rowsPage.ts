import type { CsvTable } from "../csv/table";
import type { InputTable } from "./inputTable";
import { targetsOf, type FieldRoles } from "../fieldRoles";
import type { ResultsView } from "../metrics/computeMetrics";
import { rowScores } from "../metrics/rowScores";
import type { MetricId } from "../metrics/textMetric";
import { factColumn, modelsInColumns, predColumn, rawColumn } from "./columns";

/** The Rows tab's filters: every row, rows where a model failed validation, models disagree, a score below a threshold. */
export type RowsFilter = "all" | "failed" | "disagree" | "below";

/** A row's own scores for one model and field (valid predictions only). Scales: EM/BLEU/chrF++ 0–100, ROUGE-L 0–1. */
export interface RowFieldScores {
  exact_match?: number;
  bleu?: number;
  chrf?: number;
  rougeL?: number;
}

export interface RowModelView {
  model: string;
  /** null = not run yet for this row. */
  valid: boolean | null;
  error: string;
  predictions: Record<string, string>;
  scores: Record<string, RowFieldScores>;
  raw: string;
}

export interface RowView {
  index: number;
  /** 1-based line where the record starts in the input CSV (or the results CSV when the input's lines are not known). */
  line: number;
  source: string;
  targets: Record<string, string>;
  models: RowModelView[];
}

export interface RowsPage {
  total: number;
  rowCount: number;
  fields: string[];
  models: string[];
  rows: RowView[];
}

/** Default "below threshold": a valid prediction whose sentence chrF++ is below 50 (of 100). */
export const DEFAULT_ROW_THRESHOLD = 50;
/** Raw outputs longer than this are cut in a page (the results CSV has them whole). */
export const MAX_RAW_CHARS = 20_000;

const METRIC_KEYS: [MetricId, keyof RowFieldScores][] = [
  ["exact_match", "exact_match"],
  ["bleu", "bleu"],
  ["chrf++", "chrf"],
  ["rougeL", "rougeL"],
];

/**
 * A results CSV prepared for paging: `page()` filters and slices, and computes the sentence scores of just the
 * rows it returns (cached), so a 100k-row file costs one parse plus the rows looked at. Given an InputTable
 * (readInputTable: streamed, cells held once, long ones on disk) rather than a parsed CsvTable, a 100k-row file
 * costs tens of MB instead of several hundred.
 */
export class RowsSource {
  readonly fields: string[];
  readonly models: string[];
  /** The columns the prompt read (shown as the row's text); `source` unless the run recorded others. */
  private readonly inputs: readonly string[];
  private readonly index = new Map<string, number>();
  /** `model|field` → row → scores; filled lazily, for the rows a page shows (all rows for "below"). */
  private readonly scores = new Map<string, Map<number, RowFieldScores>>();
  private readonly filtered = new Map<string, number[]>();
  private readonly cell: (row: number, column: number) => string;
  private readonly rows: number;
  private readonly ownLine: (row: number) => number;

  /**
   * @param table the parsed results CSV
   * @param inputLines the 1-based start line of each record of the input CSV (same rows, same order); when absent
   *   or of another length, the results CSV's own lines are used
   * @param recorded the models its meta file lists (readRecordedModels); absent: models are found by column name
   * @param roles the inputs and targets its meta file records (readRecordedFields); absent: auto-detected
   */
  constructor(
    table: CsvTable | InputTable,
    private readonly inputLines?: readonly number[],
    recorded?: readonly string[],
    roles?: FieldRoles,
  ) {
    if ("records" in table) {
      this.rows = table.records.length;
      this.cell = (row, column) => table.records[row]?.values[column] ?? "";
      this.ownLine = (row) => table.records[row]?.line ?? 0;
    } else {
      this.rows = table.cells.rowCount;
      this.cell = (row, column) => (row >= 0 && row < this.rows ? table.cells.get(row, column) : "");
      this.ownLine = (row) => table.lines[row] ?? 0;
    }
    table.columns.forEach((c, i) => this.index.set(c, i));
    this.fields = targetsOf(table.columns, roles);
    this.inputs = roles?.inputs.length ? roles.inputs : ["source"];
    this.models = modelsInColumns(table.columns, recorded);
  }

  /**
   * Makes sure the given rows' scores are known (sentence scores do not depend on the other rows, so they are
   * computed for just these rows). `metrics` limits which (the "below" filter needs chrF++ only).
   */
  private score(rows: readonly number[], metrics: readonly [MetricId, keyof RowFieldScores][] = METRIC_KEYS): void {
    for (const model of this.models) {
      for (const field of this.fields) {
        const key = `${model}|${field}`;
        let perRow = this.scores.get(key);
        if (!perRow) this.scores.set(key, (perRow = new Map()));
        const known = perRow;
        const todo = rows.filter((r) => {
          const s = known.get(r);
          return s === undefined || metrics.some(([, k]) => !(k in s));
        });
        if (todo.length === 0) continue;
        const view: ResultsView = { rowCount: todo.length, get: (i, column) => this.get(todo[i]!, column) };
        for (const [i, values] of rowScores(view, model, field, metrics.map(([id]) => id))) {
          const s = known.get(todo[i]!) ?? {};
          for (const [id, k] of metrics) if (values[id] !== undefined) s[k] = values[id];
          known.set(todo[i]!, s);
        }
        // Invalid rows have no scores; remember them as scored so they are not asked again.
        for (const r of todo) if (!known.has(r)) known.set(r, Object.fromEntries(metrics.map(([, k]) => [k, undefined])) as RowFieldScores);
      }
    }
  }

  private scoresOf(row: number, model: string, field: string): RowFieldScores {
    const s = this.scores.get(`${model}|${field}`)?.get(row) ?? {};
    return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as RowFieldScores;
  }

  get rowCount(): number {
    return this.rows;
  }

  get(row: number, column: string): string {
    const i = this.index.get(column);
    return i === undefined ? "" : this.cell(row, i);
  }

  line(row: number): number {
    const lines = this.inputLines && this.inputLines.length === this.rowCount ? this.inputLines : undefined;
    return lines?.[row] ?? this.ownLine(row);
  }

  private valid(row: number, model: string): boolean | null {
    const v = this.get(row, factColumn(model, "valid"));
    return v === "true" ? true : v === "false" ? false : null;
  }

  /** Whether a row passes a filter. */
  matches(row: number, filter: RowsFilter, threshold = DEFAULT_ROW_THRESHOLD): boolean {
    switch (filter) {
      case "all":
        return true;
      case "failed":
        return this.models.some((m) => this.valid(row, m) === false);
      case "disagree": {
        // Two or more models with valid outputs that differ on some field (compared as exact match does).
        const valid = this.models.filter((m) => this.valid(row, m) === true);
        if (valid.length < 2) return false;
        return this.fields.some((f) => new Set(valid.map((m) => this.get(row, predColumn(m, f)).trim().toLowerCase())).size > 1);
      }
      case "below":
        this.score([row], [["chrf++", "chrf"]]);
        return this.models.some((m) =>
          this.fields.some((f) => {
            const chrf = this.scoresOf(row, m, f).chrf;
            return chrf !== undefined && chrf < threshold;
          }),
        );
    }
  }

  /** Rows [offset, offset + limit) of those matching the filter. */
  page(offset: number, limit: number, filter: RowsFilter = "all", threshold = DEFAULT_ROW_THRESHOLD): RowsPage {
    const key = `${filter}:${threshold}`;
    let matching = filter === "all" ? undefined : this.filtered.get(key);
    if (filter !== "all" && !matching) {
      // chrF++ of every valid prediction, in one batch per model and field.
      if (filter === "below") this.score([...Array(this.rowCount).keys()], [["chrf++", "chrf"]]);
      matching = [];
      for (let r = 0; r < this.rowCount; r++) if (this.matches(r, filter, threshold)) matching.push(r);
      this.filtered.set(key, matching);
    }
    const total = matching ? matching.length : this.rowCount;
    const start = Math.max(0, Math.min(offset, total));
    const end = Math.min(total, start + Math.max(0, limit));
    const indices: number[] = [];
    for (let i = start; i < end; i++) indices.push(matching ? matching[i]! : i);
    this.score(indices);
    const rows = indices.map((r) => this.row(r));
    return { total, rowCount: this.rowCount, fields: [...this.fields], models: [...this.models], rows };
  }

  row(r: number): RowView {
    this.score([r]);
    const raw = (s: string) => (s.length > MAX_RAW_CHARS ? `${s.slice(0, MAX_RAW_CHARS)}… (${s.length - MAX_RAW_CHARS} more characters in the results CSV)` : s);
    return {
      index: r,
      line: this.line(r),
      source: this.inputs.length === 1 ? this.get(r, this.inputs[0]!) : this.inputs.map((c) => `${c}: ${this.get(r, c)}`).join("\n"),
      targets: Object.fromEntries(this.fields.map((f) => [f, this.get(r, f)])),
      models: this.models.map((model) => ({
        model,
        valid: this.valid(r, model),
        error: this.get(r, factColumn(model, "error")),
        predictions: Object.fromEntries(this.fields.map((f) => [f, this.get(r, predColumn(model, f))])),
        scores: Object.fromEntries(this.fields.map((f) => [f, this.scoresOf(r, model, f)])),
        raw: raw(this.get(r, rawColumn(model))),
      })),
    };
  }
}
