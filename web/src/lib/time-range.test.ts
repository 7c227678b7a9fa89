import { describe, expect, it } from 'vitest';
import { absoluteRange, describeRange, isRelative, lastBucketPartial, parseDuration, parseTimeExpr, previousWindow, resolveRange } from './time-range';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('time ranges', () => {
  it('parses relative, epoch, ISO and local date-times', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('15x')).toBeNull();
    expect(parseTimeExpr('now', NOW)).toBe(NOW);
    expect(parseTimeExpr('now-15m', NOW)).toBe(NOW - 900_000);
    expect(parseTimeExpr('-2h', NOW)).toBe(NOW - 7_200_000);
    expect(parseTimeExpr(String(NOW), 0)).toBe(NOW);
    expect(parseTimeExpr('2026-03-01T10:00:00Z', NOW)).toBe(Date.parse('2026-03-01T10:00:00Z'));
    expect(parseTimeExpr('2026-03-01 10:00', NOW)).toBe(new Date(2026, 2, 1, 10, 0).getTime());
    expect(parseTimeExpr('yesterday-ish', NOW)).toBeNull();
  });

  it('resolves a range at one instant and explains what is wrong', () => {
    expect(resolveRange({ from: 'now-1h', to: 'now' }, NOW)).toEqual({ from: NOW - 3_600_000, to: NOW });
    expect(() => resolveRange({ from: 'now', to: 'now-1h' }, NOW)).toThrow(/before its end/);
    expect(() => resolveRange({ from: 'soon', to: 'now' }, NOW)).toThrow(/"soon" is not a time/);
  });

  it('describes quick, relative and absolute ranges', () => {
    expect(describeRange({ from: 'now-1h', to: 'now' })).toBe('Last 1 hour');
    expect(describeRange({ from: 'now-75m', to: 'now-15m' })).toBe('now-75m → now-15m');
    expect(isRelative({ from: 'now-1h', to: 'now' })).toBe(true);
    expect(isRelative(absoluteRange(NOW - 1000, NOW))).toBe(false);
    expect(absoluteRange(NOW - 60_000, NOW)).toEqual({ from: '2026-03-01T11:59:00Z', to: '2026-03-01T12:00:00Z' });
  });

  it('gives the window before a range and knows when a series ends in a partial bucket', () => {
    expect(previousWindow({ from: NOW - 600_000, to: NOW })).toEqual({ from: NOW - 1_200_000, to: NOW - 600_000 });
    expect(lastBucketPartial({ start: NOW - 600_000, bucketMs: 300_000, count: 2 }, NOW)).toBe(false);
    expect(lastBucketPartial({ start: NOW - 600_000, bucketMs: 300_000, count: 3 }, NOW + 1000)).toBe(true);
  });
});
