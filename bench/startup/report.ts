import { formatElapsed } from '../../infra/launcher/src/durations.ts';
import { renderTable } from '../../infra/launcher/src/text-table.ts';
import type { RunFigures } from './measure-run.ts';

/** The goals for `npm start` on a developer machine. */
export const GOALS = { allReadyMs: 10_000, totalRssBytes: 800 * 1024 * 1024 } as const;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function renderRun(run: RunFigures, index: number): string {
  const totalRss = run.processes.reduce((total, process) => total + process.rssBytes, 0);
  const totalPss = run.processes.reduce((total, process) => total + process.pssBytes, 0);
  const table = renderTable(
    ['PROCESS', 'PIDS', 'READY AFTER', 'RSS', 'PSS'],
    [
      ...run.processes.map((process) => [
        process.name,
        process.pids.length === 1 ? String(process.pids[0]) : `${process.pids.length} processes`,
        process.readyAfterMs === undefined ? '-' : formatElapsed(process.readyAfterMs),
        megabytes(process.rssBytes),
        megabytes(process.pssBytes),
      ]),
      ['TOTAL', '', formatElapsed(run.allReadyMs), megabytes(totalRss), megabytes(totalPss)],
    ],
  );
  return [
    `Run ${index + 1}: ${run.label}`,
    table,
    '',
    goalLine('all ready', formatElapsed(run.allReadyMs), run.allReadyMs / GOALS.allReadyMs, '10 s'),
    goalLine('total RSS', megabytes(totalRss), totalRss / GOALS.totalRssBytes, '800 MB'),
    `shutdown after SIGINT: ${formatElapsed(run.shutdownMs)}, exit code ${run.exitCode ?? 'none'}`,
  ].join('\n');
}

function goalLine(what: string, measured: string, ratio: number, goal: string): string {
  return `${what}: ${measured} = ${ratio.toFixed(2)} × goal (≤ ${goal}) ${ratio <= 1 ? 'OK' : 'OVER'}`;
}

export function meetsGoals(run: RunFigures): boolean {
  const totalRss = run.processes.reduce((total, process) => total + process.rssBytes, 0);
  return run.allReadyMs <= GOALS.allReadyMs && totalRss <= GOALS.totalRssBytes && run.exitCode === 0;
}
