import { describe, expect, it } from 'vitest';
import { StreamFormatState } from './stream-format-state.js';

describe('StreamFormatState', () => {
  it('asks for re-detection after a window where most lines missed', () => {
    const s = new StreamFormatState('logfmt');
    let due = false;
    for (let i = 0; i < 64; i++) due = s.record(i % 4 === 0);
    expect(due).toBe(true);
  });

  it('stays quiet while lines match', () => {
    const s = new StreamFormatState('json');
    for (let i = 0; i < 1000; i++) expect(s.record(true)).toBe(false);
  });

  it('backs off when a re-detection confirms the format', () => {
    const s = new StreamFormatState('plain');
    const windowLength = (): number => {
      let n = 0;
      while (!s.record(false)) n++;
      return n + 1;
    };
    expect(windowLength()).toBe(64);
    s.redetected('plain');
    expect(windowLength()).toBe(128);
    s.redetected('logfmt');
    expect(s.format).toBe('logfmt');
    expect(windowLength()).toBe(64);
  });
});
