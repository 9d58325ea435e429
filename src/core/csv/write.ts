/**
 * RFC 4180 CSV with `,`, `\n` line ends and a final newline. A cell is quoted when it contains a quote, `,`, `;`
 * or a control character (CR/LF, tab, NUL…: the delimiter sniffing never counts a delimiter inside a cell, and
 * the not-text check, which looks outside quotes only, never refuses what we write), or has leading/trailing
 * whitespace (so no tool trims it). parseCsv reads the result back exactly: every string of whole code points
 * (a lone surrogate has no UTF-8 form and becomes U+FFFD), except that a row whose cells are all blank is
 * skipped on reading.
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

// eslint-disable-next-line no-control-regex -- control characters are exactly what must be quoted
const NEEDS_QUOTES = /[\x00-\x1f\x7f",;]|^\s|\s$/;

export function formatRow(cells: readonly string[]): string {
  // A lone empty cell would print as a blank line; quote it so the row stays visible (parseCsv still skips all-blank rows).
  if (cells.length === 1 && cells[0] === "") return '""';
  return cells.map(formatCell).join(",");
}

export function formatCell(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
