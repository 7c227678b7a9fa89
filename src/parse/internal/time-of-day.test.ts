import { describe, expect, it } from 'vitest';
import { hmsToMs, lastTimeEnd, lastZoneOffset, scanTimeOfDay } from './time-of-day.js';

describe('scanTimeOfDay', () => {
  it.each([
    ['18:01:47', 0, 64_907_000, 0],
    ['18:01:47.978Z', 0, 64_907_978, 0],
    ['18:01:47,978 -0700', 0, 64_907_978, -25_200_000],
    ['18:01:47+05:30', 0, 64_907_000, 19_800_000],
    ['22:15:29:606', 0, 80_129_606, 0], // HealthApp milliseconds
    ['15.42.50.675872', 0, 56_570_675, 0], // DB2/BGL
    ['203615', 0, 74_175_000, 0], // HDFS compact
    ['9:05', 0, 32_700_000, 0],
    ['12:00:00 UTC', 0, 43_200_000, 0],
    ['12:00:00 EST', 0, 43_200_000, -18_000_000],
  ])('%s', (text, at, tod, zone) => {
    expect(scanTimeOfDay(text, at, text.length)).toBe(tod);
    expect(lastTimeEnd()).toBe(text.length);
    expect(lastZoneOffset()).toBe(zone);
  });

  it('leaves text after the time alone', () => {
    const s = '17:41:44,747 - INFO';
    expect(scanTimeOfDay(s, 0, s.length)).toBe(63_704_747);
    expect(s.slice(lastTimeEnd())).toBe(' - INFO');
    const t = '06:55:46 LabSZ sshd';
    scanTimeOfDay(t, 0, t.length);
    expect(t.slice(lastTimeEnd())).toBe(' LabSZ sshd');
  });

  it('rejects out-of-range parts', () => {
    for (const s of ['25:00:00', '12:60:00', '12:00:61', 'ab:cd', '123:00']) expect(scanTimeOfDay(s, 0, s.length)).toBe(-1);
    expect(hmsToMs(24, 0, 0, 0)).toBe(86_400_000);
    expect(hmsToMs(24, 0, 1, 0)).toBe(-1);
  });
});
