import { stripVTControlCharacters } from 'node:util';

/** Plain-text table: padded columns, a rule under the header; cells may contain ANSI colours. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = (text: string) => stripVTControlCharacters(text).length;
  const widths = headers.map((header, column) => Math.max(width(header), ...rows.map((row) => width(row[column] ?? ''))));
  const renderRow = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell + ' '.repeat(Math.max(0, (widths[column] ?? 0) - width(cell))))
      .join('  ')
      .trimEnd();
  return [renderRow(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(renderRow)].join('\n');
}
