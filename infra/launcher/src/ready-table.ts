import type { ConsoleOutput } from './console-output.ts';
import { formatElapsed } from './durations.ts';
import { renderTable } from './text-table.ts';

export type ReadyRow = { name: string; url: string; state: string; pid: number | undefined; readyAfterMs: number | undefined };

/** The table printed once everything is ready, and the line the bench and tests wait for. */
export function renderReadyTable(rows: readonly ReadyRow[], output: ConsoleOutput): string {
  return renderTable(
    ['SERVICE', 'URL', 'STATE', 'PID', 'READY AFTER'],
    rows.map((row) => [
      output.paint('bold', row.name),
      row.url,
      output.paint(row.state === 'ready' ? 'green' : 'yellow', row.state),
      row.pid === undefined ? '-' : String(row.pid),
      row.readyAfterMs === undefined ? '-' : formatElapsed(row.readyAfterMs),
    ]),
  );
}

export function allReadyLine(serviceCount: number, totalMs: number): string {
  return `All ${serviceCount} services ready in ${formatElapsed(totalMs)}`;
}

/** Matches `allReadyLine` output (colour-free); group 1 is the reported time. */
export const ALL_READY_PATTERN = /All \d+ services ready in (\d+(?:\.\d+)?(?:ms|s))/;
