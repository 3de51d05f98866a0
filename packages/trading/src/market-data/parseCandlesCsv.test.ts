import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findGaps } from './findGaps.ts';
import { parseCandlesCsv } from './parseCandlesCsv.ts';

const T0 = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;

describe('parseCandlesCsv', () => {
  it('reads ISO-8601 and epoch second/millisecond timestamps, sorted by time', () => {
    const csv = [
      'timestamp,open,high,low,close,volume',
      `${(T0 + 2 * MINUTE) / 1000},102,103,101,102.5,7`,
      '2024-01-01T00:00:00Z,100,101,99,100.5,5',
      `${T0 + MINUTE},101,102,100,101.5,6`,
      '2024-01-01T03:03:00+03:00,103,104,102,103.5,8',
      '2024-01-01 00:04:00,104,105,103,104.5,0',
    ].join('\n');
    const report = parseCandlesCsv(csv, '1m');
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.duplicates, []);
    assert.deepEqual(report.gaps, []);
    assert.deepEqual(
      report.candles.map((candle) => candle.time),
      [0, 1, 2, 3, 4].map((minute) => T0 + minute * MINUTE),
      'an ISO time without a zone is UTC',
    );
    assert.deepEqual(report.candles[0], { time: T0, open: 100, high: 101, low: 99, close: 100.5, volume: 5 });
  });

  it('reports duplicates (keeping the first row) and gaps against the timeframe', () => {
    const csv = [
      'timestamp,open,high,low,close,volume',
      '2024-01-01T00:00:00Z,100,101,99,100,1',
      '2024-01-01T00:05:00Z,100,101,99,100,1',
      '2024-01-01T00:05:00Z,200,201,199,200,1',
      '2024-01-01T00:20:00Z,100,101,99,100,1',
      '2024-01-01T00:25:00Z,100,101,99,100,1',
      '2024-01-01T00:00:00Z,300,301,299,300,1',
      '2024-01-01T01:00:00Z,100,101,99,100,1',
    ].join('\r\n');
    const report = parseCandlesCsv(csv, '5m');
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.duplicates, [
      { line: 4, time: T0 + 5 * MINUTE },
      { line: 7, time: T0 },
    ]);
    assert.equal(report.candles.length, 5);
    assert.equal(report.candles[1]?.open, 100, 'the first of two rows with one timestamp is kept');
    assert.deepEqual(report.gaps, [
      { from: T0 + 10 * MINUTE, to: T0 + 20 * MINUTE, missing: 2 },
      { from: T0 + 30 * MINUTE, to: T0 + 60 * MINUTE, missing: 6 },
    ]);
  });

  it('reports every bad row with its 1-based line number and the reason', () => {
    const csv = [
      'timestamp,open,high,low,close,volume',
      '2024-01-01T00:00:00Z,100,101,99,100,1',
      'yesterday,100,101,99,100,1',
      '2024-01-01T00:02:00Z,abc,101,99,100,1',
      '',
      '2024-01-01T00:03:00Z,100,99,98,100,1',
      '2024-01-01T00:04:00Z,100,101,100.5,100,1',
      '2024-01-01T00:05:00Z,100,101,99,100,-1',
      '2024-01-01T00:06:00Z,100,101,99,100',
      '2024-01-01T00:07:00Z,,101,99,100,1',
      '2024-01-01T00:08:00Z,0,101,0,100,1',
      '2024-13-01T00:09:00Z,100,101,99,100,1',
      '2024-01-01T00:10:00Z,Infinity,101,99,100,1',
    ].join('\n');
    const report = parseCandlesCsv(csv, '1m');
    assert.deepEqual(
      report.errors.map((error) => [error.line, error.message.split(':')[0]]),
      [
        [3, 'timestamp'],
        [4, 'open'],
        [6, 'high'],
        [7, 'low'],
        [8, 'volume'],
        [9, 'expected 6 fields, found 5'],
        [10, 'open'],
        [11, 'open'],
        [12, 'timestamp'],
        [13, 'open'],
      ],
    );
    assert.equal(report.candles.length, 1);
  });

  it('finds columns by header name and refuses a header that lacks one', () => {
    const reordered = parseCandlesCsv('\ufeffVolume,Timestamp,Close,Low,High,Open,trades\n3,1704067200,100,99,101,100.5,17\n', '1m');
    assert.deepEqual(reordered.errors, []);
    assert.deepEqual(reordered.candles, [{ time: T0, open: 100.5, high: 101, low: 99, close: 100, volume: 3 }]);

    const missing = parseCandlesCsv('timestamp,open,high,low,close\n1704067200,100,101,99,100\n', '1m');
    assert.deepEqual(missing.errors, [{ line: 1, message: 'header: missing column "volume" (expected timestamp,open,high,low,close,volume)' }]);
    assert.equal(parseCandlesCsv('', '1m').errors[0]?.line, 1);
  });

  it('reports an unclosed quote instead of throwing', () => {
    const report = parseCandlesCsv('timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,100,101,99,100,1\n"2024-01-01T00:01:00Z,100,101,99,100,1\n', '1m');
    assert.equal(report.errors.length, 1);
    assert.equal(report.errors[0]?.line, 3, 'the line where the quote opens');
  });
});

describe('findGaps', () => {
  it('reports runs of missing candles, rounding an off-grid step up', () => {
    assert.deepEqual(findGaps([0, 60_000, 120_000], '1m'), []);
    assert.deepEqual(findGaps([0, 3 * 3_600_000, 4 * 3_600_000 + 1_800_000], '1h'), [
      { from: 3_600_000, to: 3 * 3_600_000, missing: 2 },
      { from: 4 * 3_600_000, to: 4 * 3_600_000 + 1_800_000, missing: 1 },
    ]);
  });
});
