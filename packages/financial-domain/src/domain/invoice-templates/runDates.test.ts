import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextRunDate, runDate } from './runDates.ts';

test('monthly runs keep the start day, or the last day of a shorter month, without drifting', () => {
  assert.deepEqual([0, 1, 2, 3, 13].map((period) => runDate('2026-01-31', period, 'month', 1)), ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2027-02-28']);
  assert.equal(runDate('2027-11-30', 1, 'month', 3), '2028-02-29');
});

test('quarters, years and every N days or months', () => {
  assert.equal(runDate('2026-01-15', 2, 'quarter', 1), '2026-07-15');
  assert.equal(runDate('2024-02-29', 1, 'year', 1), '2025-02-28');
  assert.equal(runDate('2026-12-30', 3, 'day', 14), '2027-02-10');
  assert.equal(runDate('2026-01-10', 1, 'month', 2), '2026-03-10');
});

test('no run after the end date', () => {
  const schedule = { startDate: '2026-01-01', endDate: '2026-03-01', intervalUnit: 'month' as const, intervalCount: 1 };
  assert.equal(nextRunDate(schedule, 2), '2026-03-01');
  assert.equal(nextRunDate(schedule, 3), null);
});
