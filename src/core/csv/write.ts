/**
 * RFC 4180 CSV with `,`, `\n` line ends and a final newline. A cell is quoted when it contains a quote, CR/LF,
 * `,`, `;` or a tab (so the reader's delimiter sniffing never counts a delimiter inside a cell), or has
 * leading/trailing whitespace (so no tool trims it). parseCsv reads the result back exactly.
 */
export function formatCsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [formatRow(columns)];
  rows.forEach((row, i) => {
    if (row.length !== columns.length) {
      throw new Error(`formatCsv: row ${i} has ${row.length} cells, expected ${columns.length}`);
    }
    lines.push(formatRow(row));
  });
  return lines.join("\n") + "\n";
}

const NEEDS_QUOTES = /[",;\t\r\n]|^\s|\s$/;

export function formatRow(cells: readonly string[]): string {
  // A lone empty cell would print as a blank line; quote it so the row stays visible (parseCsv still skips all-blank rows).
  if (cells.length === 1 && cells[0] === "") return '""';
  return cells.map(formatCell).join(",");
}

export function formatCell(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
