import { describe, expect, it } from 'vitest';
import { ID_RADIX, SessionProfile, unpackHistory } from './session-profile.js';

function steps(p: SessionProfile, h: number): string[] {
  return [...p.steps[h - 1]].map((s) => `${unpackHistory(Math.floor(s / ID_RADIX), h).join(',')}>${s % ID_RADIX}`).sort();
}

describe('session profile', () => {
  it('counts events and lists distinct steps with the boundary (0) at both ends', () => {
    const p = new SessionProfile(2);
    p.reset();
    for (const id of [5, 7, 5, 7]) p.push(id);
    p.build(true);
    expect(p.distinct).toEqual([5, 7]);
    expect([p.counts[5], p.counts[7]]).toEqual([2, 2]);
    expect(steps(p, 1)).toEqual(['0>5', '5>7', '7>0', '7>5']);
    expect(steps(p, 2)).toEqual(['0,5>7', '5,7>0', '5,7>5', '7,5>7']);
  });

  it('leaves out the end for an open session and resets cleanly', () => {
    const p = new SessionProfile(1);
    p.reset();
    for (const id of [1, 2]) p.push(id);
    p.build(false);
    expect(steps(p, 1)).toEqual(['0>1', '1>2']);
    p.reset();
    p.push(3);
    p.build(true);
    expect(p.counts[1]).toBe(0);
    expect(steps(p, 1)).toEqual(['0>3', '3>0']);
  });
});
