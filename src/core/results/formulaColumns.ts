import type { CsvHeader } from "../csv/pushParser";

/** Named like a column Prompt Bench adds for a model (see columns.ts). */
export const looksLikeModelColumn = (name: string): boolean => name.startsWith("pred_") || name.startsWith("raw_");

/**
 * The columns of a results CSV that hold model text, and so are written with escapeFormula (core/csv). Cells of
 * the input CSV are never changed, not even those of an input column merely named like a model column (`raw_x`).
 */
export class FormulaColumns {
  private readonly names = new Set<string>();

  has(name: string): boolean {
    return this.names.has(name);
  }

  /** The columns this run's models write. */
  addModel(names: readonly string[]): void {
    for (const name of names) this.names.add(name);
  }

  /** The input CSV's columns: only those its mark lists (an earlier results file used as the input). */
  addInput(header: Pick<CsvHeader, "formulaColumns">): void {
    this.addModel(header.formulaColumns ?? []);
  }

  /**
   * Columns of an earlier results file (those `take` accepts): the ones its mark lists; without a mark (written
   * before escaping existed, or with it off), the ones named like model columns.
   */
  addResults(header: Pick<CsvHeader, "columns" | "formulaColumns">, take: (name: string) => boolean = () => true): void {
    const model = header.formulaColumns ? (name: string) => header.formulaColumns!.includes(name) : looksLikeModelColumn;
    this.addModel(header.columns.filter((name) => take(name) && model(name)));
  }

  /** Of `columns`, those to escape, in order. */
  of(columns: readonly string[]): string[] {
    return columns.filter((name) => this.names.has(name));
  }
}
