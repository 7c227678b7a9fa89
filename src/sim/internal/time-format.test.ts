import { describe, expect, it } from 'vitest';
import { TimestampFormatter } from './time-format.js';

describe('TimestampFormatter', () => {
  it('renders each style in UTC, across cached and uncached seconds', () => {
    const iso = new TimestampFormatter('iso');
    const comma = new TimestampFormatter('comma');
    const access = new TimestampFormatter('nginx-access');
    const error = new TimestampFormatter('nginx-error');
    const base = Date.UTC(2026, 10, 23, 8, 0, 59, 998);
    // Back and forth across a second boundary, then far away, then back.
    for (const ts of [base, base + 1, base + 2, base + 1, base + 3, base + 86_400_000 * 40, base]) {
      const d = new Date(ts).toISOString();
      expect(iso.format(ts)).toBe(d);
      expect(comma.format(ts)).toBe(`${d.slice(0, 10)} ${d.slice(11, 19)},${d.slice(20, 23)}`);
      expect(error.format(ts)).toBe(`${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)} ${d.slice(11, 19)}`);
    }
    expect(access.format(base)).toBe('23/Nov/2026:08:00:59 +0000');
    expect(access.format(Date.UTC(2027, 0, 2, 3, 4, 5))).toBe('02/Jan/2027:03:04:05 +0000');
  });
});
