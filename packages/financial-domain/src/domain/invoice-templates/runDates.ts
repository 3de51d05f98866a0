import type { TemplateIntervalUnit } from '../../db/schema/recurring.ts';

const MONTHS: Record<Exclude<TemplateIntervalUnit, 'day'>, number> = { month: 1, quarter: 3, year: 12 };

/**
 * The date of run `period` of a schedule starting on `startDate`: `period` intervals later. Months
 * count from the start (not from the previous run), and a start day the month lacks becomes its
 * last day: from 2026-01-31 monthly, 2026-02-28, 2026-03-31, 2026-04-30.
 */
export function runDate(startDate: string, period: number, unit: TemplateIntervalUnit, count: number): string {
  const start = new Date(`${startDate}T00:00:00Z`);
  if (unit === 'day') return new Date(start.getTime() + period * count * 86_400_000).toISOString().slice(0, 10);
  const monthIndex = start.getUTCMonth() + period * count * MONTHS[unit];
  const year = start.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(start.getUTCDate(), lastDay))).toISOString().slice(0, 10);
}

/** The date of run `period`, or null when it falls after the end date (the schedule is over). */
export function nextRunDate(schedule: { startDate: string; endDate: string | null; intervalUnit: TemplateIntervalUnit; intervalCount: number }, period: number): string | null {
  const date = runDate(schedule.startDate, period, schedule.intervalUnit, schedule.intervalCount);
  return schedule.endDate !== null && date > schedule.endDate ? null : date;
}
