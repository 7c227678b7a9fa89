import { describe, expect, it } from 'vitest';
import { CountInvariants, RELATION_EQUAL, RELATION_SUM } from './count-invariants.js';
import { SessionProfile } from './session-profile.js';
import type { FeatureSink } from './families.js';

function profile(ids: readonly number[]): SessionProfile {
  const p = new SessionProfile(1);
  p.reset();
  for (const id of ids) p.push(id);
  p.build(true);
  return p;
}

function learn(inv: CountInvariants, ids: readonly number[]): void {
  const p = profile(ids);
  inv.test(p);
  inv.propose(p);
}

/** The live relations as readable strings. */
function relations(inv: CountInvariants): string[] {
  const out: string[] = [];
  for (let s = 0; s < inv.relation.length; s++) {
    if (inv.isFree(s)) continue;
    const rhs = inv.relation[s] === RELATION_EQUAL ? `${inv.b[s]}` : `${inv.b[s]}+${inv.c[s]}`;
    out.push(`${inv.a[s]}=${rhs} ${inv.violations[s]}/${inv.tests[s]}`);
  }
  return out.sort();
}

function violated(inv: CountInvariants, ids: readonly number[]): string[] {
  const out: string[] = [];
  const sink: FeatureSink = { offer: (_f, k, d, slot) => out.push(`${inv.a[slot]}=${inv.b[slot]}${inv.relation[slot] === RELATION_SUM ? `+${inv.c[slot]}` : ''} ${k}/${d}`) };
  inv.scan(profile(ids), sink);
  return out.sort();
}

describe('count invariants', () => {
  it('proposes what holds, keeps what keeps holding, retires the rest', () => {
    const inv = new CountInvariants(100);
    // 1 = open, 2 = close, 3 = read, 4 = ok, 5 = fail: #1 == #2 and #3 == #4 + #5.
    const sessions = [
      [1, 3, 4, 2],
      [1, 3, 3, 4, 5, 2],
      [1, 3, 3, 4, 4, 2],
    ];
    for (let i = 0; i < 60; i++) learn(inv, sessions[i % 3]);
    const live = relations(inv);
    // The sum relation first holds (and is proposed) in the second session.
    expect(live).toEqual(['1=2 0/60', '3=4+5 0/59']);
    // #1 == #3 held in the first session only: retired once it kept failing.
    expect(live.some((r) => r.startsWith('1=3 '))).toBe(false);
    expect(inv.retiredTotal).toBeGreaterThan(0);
    expect(violated(inv, [1, 3, 3, 4, 2])).toEqual(['3=4+5 0/59']);
    expect(violated(inv, [1, 3, 4])).toEqual(['1=2 0/60']);
    expect(violated(inv, [1, 3, 4, 2])).toEqual([]);
  });

  it('does not propose retired relations again', () => {
    const inv = new CountInvariants(100);
    for (let i = 0; i < 40; i++) learn(inv, i % 2 === 0 ? [1, 2] : [1, 2, 2]);
    expect(relations(inv).some((r) => r.startsWith('1=2 '))).toBe(false);
    expect([...inv.retired].length).toBeGreaterThan(0);
    learn(inv, [1, 2]);
    expect(relations(inv).some((r) => r.startsWith('1=2 '))).toBe(false);
  });

  it('counts the proposals it has no room for', () => {
    const inv = new CountInvariants(2);
    learn(inv, [1, 2, 3, 4]);
    expect(inv.size).toBe(2);
    expect(inv.proposalsDropped).toBeGreaterThan(0);
  });
});
