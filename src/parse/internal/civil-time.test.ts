import { describe, expect, it } from 'vitest';
import { daysFromCivil, daysInMonth, isLeapYear, utcYear } from './civil-time.js';

describe('civil time', () => {
  it('agrees with Date.UTC across eras', () => {
    for (const [y, m, d] of [
      [1970, 1, 1],
      [1999, 12, 31],
      [2000, 2, 29],
      [2024, 3, 1],
      [2100, 2, 28],
      [1900, 3, 1],
    ]) {
      expect(daysFromCivil(y, m, d) * 86_400_000).toBe(Date.UTC(y, m - 1, d));
    }
  });

  it('knows leap years and month lengths', () => {
    expect([1900, 2000, 2023, 2024].map(isLeapYear)).toEqual([false, true, false, true]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2023, 4)).toBe(30);
    expect(utcYear(Date.UTC(2024, 11, 31, 23, 59))).toBe(2024);
  });
});
