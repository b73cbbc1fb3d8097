/** Plain-text tables for terminal output. */

/** Formats rows under a header as aligned columns, two spaces apart, one line each (pure). */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** How a command lists its rows: the table's header, each row's cells, and what no rows say. */
export interface Listing<T> {
  readonly header: readonly string[];
  readonly cells: (row: T) => readonly string[];
  /** The line printed instead of a table without rows; without it the header stands alone. */
  readonly empty?: string;
}

/**
 * Prints rows on stdout: one JSON array when `json`, else a table under its header, or the
 * listing's `empty` line when there are no rows (impure).
 */
export function printListing<T>(
  rows: readonly T[],
  json: boolean | undefined,
  listing: Listing<T>,
): void {
  if (json === true) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (rows.length === 0 && listing.empty !== undefined)
    process.stdout.write(`${listing.empty}\n`);
  else
    process.stdout.write(
      formatTable(
        listing.header,
        rows.map((row) => listing.cells(row)),
      ),
    );
}
