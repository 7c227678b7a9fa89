import { describe, expect, it } from 'vitest';
import { lastNameEnd, monthAt, weekdayAt } from './calendar-names.js';

describe('calendar names', () => {
  it('matches abbreviations and full names in any case', () => {
    expect(monthAt('Dec 10', 0, 6)).toBe(12);
    expect(lastNameEnd()).toBe(3);
    expect(monthAt('september 3', 0, 11)).toBe(9);
    expect(lastNameEnd()).toBe(9);
    expect(monthAt('Sept 3', 0, 6)).toBe(9);
    expect(monthAt('JAN', 0, 3)).toBe(1);
    expect(weekdayAt('Sun,', 0, 4)).toBe(true);
    expect(weekdayAt('Thursday', 0, 8)).toBe(true);
  });

  it('rejects other words', () => {
    expect(monthAt('Decimal', 0, 7)).toBe(0);
    expect(monthAt('Foo', 0, 3)).toBe(0);
    expect(monthAt('Ma', 0, 2)).toBe(0);
    expect(weekdayAt('Sunny', 0, 5)).toBe(false);
  });
});
