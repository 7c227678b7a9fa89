import { describe, expect, it } from 'vitest';
import { facilityName, lastPriEnd, scanPri } from './syslog-pri.js';

describe('syslog PRI', () => {
  it('reads valid PRI values', () => {
    expect(scanPri('<0>x')).toBe(0);
    expect(lastPriEnd()).toBe(3);
    expect(scanPri('<165>1 x')).toBe(165);
    expect(lastPriEnd()).toBe(5);
    expect(scanPri('<191>')).toBe(191);
  });

  it('rejects malformed PRI', () => {
    for (const s of ['<192>x', '<01>x', '<>x', '<1234>x', '<12x', 'x<12>', '']) expect(scanPri(s)).toBe(-1);
  });

  it('names facilities', () => {
    expect(facilityName(165)).toBe('local4');
    expect(facilityName(34)).toBe('auth');
    expect(facilityName(0)).toBe('kern');
  });
});
