import { describe, expect, it } from 'vitest';
import { LogsiftError } from '../../model/index.js';
import { createSessionModel, describeFinding, restoreSessionModel } from './index.js';
import type { Finding, SessionAnomalyModel } from './index.js';

/** Deterministic PRNG (mulberry32), so every test sees the same sessions. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A toy file service: open, auth, 1–3 reads each acknowledged (acks sometimes deferred, as
 * concurrent threads interleave), an optional cache hit, close. Invariants: #read == #ack,
 * one open, one auth, one close.
 */
function normalSession(rnd: () => number): string[] {
  const keys = ['open', 'auth'];
  const reads = 1 + Math.floor(rnd() * 3);
  let deferred = 0;
  for (let i = 0; i < reads; i++) {
    keys.push('read');
    if (rnd() < 0.6) keys.push('ack');
    else deferred++;
  }
  for (let i = 0; i < deferred; i++) keys.push('ack');
  if (rnd() < 0.2) keys.push('cache-hit');
  keys.push('close');
  return keys;
}

function trained(n: number, seed = 1, options = {}): SessionAnomalyModel {
  const model = createSessionModel(options);
  const rnd = prng(seed);
  for (let i = 0; i < n; i++) model.observe(normalSession(rnd));
  return model;
}

function kinds(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.kind);
}

describe('session anomaly model', () => {
  const model = trained(3000);

  it('passes fresh normal sessions', () => {
    const rnd = prng(99);
    let flagged = 0;
    for (let i = 0; i < 2000; i++) if (model.score(normalSession(rnd)).anomalous) flagged++;
    expect(flagged).toBe(0);
  });

  it('flags an event never seen in normal sessions, and says so', () => {
    const r = model.score(['open', 'auth', 'read', 'ack', 'disk-error', 'close']);
    expect(r.anomalous).toBe(true);
    expect(r.score).toBeGreaterThan(0);
    const f = r.findings.find((x) => x.kind === 'event');
    expect(f).toMatchObject({ kind: 'event', event: 'disk-error', support: 0, sessions: 3000 });
    expect(describeFinding(r.findings[0])).toMatch(/event disk-error never seen in 3,000 normal sessions/);
  });

  it('flags a broken count invariant', () => {
    // Two reads, one ack: every transition here is common, only the counts are wrong.
    const r = model.score(['open', 'auth', 'read', 'ack', 'read', 'close']);
    expect(r.anomalous).toBe(true);
    const inv = r.findings.find((x) => x.kind === 'invariant');
    expect(inv).toBeDefined();
    if (inv?.kind !== 'invariant') return;
    expect([inv.left, ...inv.right].sort()).toEqual(['ack', 'read']);
    expect(describeFinding(inv)).toMatch(/count invariant #(read|ack) == #(read|ack) violated \((2 vs 1|1 vs 2)\)/);
  });

  it('flags events in an order normal sessions never show, with the usual alternatives', () => {
    const r = model.score(['auth', 'open', 'read', 'ack', 'close']);
    expect(r.anomalous).toBe(true);
    const order = r.findings.find((x) => x.kind === 'order');
    expect(order).toMatchObject({ kind: 'order', history: [null], next: 'auth', support: 0 });
    if (order?.kind === 'order') expect(order.usual[0]).toEqual({ next: 'open', share: 1 });
    expect(r.findings.map(describeFinding).join('\n')).toMatch(/session started with auth: seen in 0 of 3,000 normal sessions \(they started with: open in 100%\)/);
  });

  it('flags a session that stops early', () => {
    const r = model.score(['open', 'auth', 'read']);
    expect(r.anomalous).toBe(true);
    expect(kinds(r.findings)).toContain('invariant');
    expect(r.findings.map(describeFinding).join('\n')).toMatch(/session ended after read/);
  });

  it('flags a count no normal session has', () => {
    const keys = ['open', 'auth'];
    for (let i = 0; i < 9; i++) keys.push('read', 'ack');
    keys.push('close');
    const r = model.score(keys);
    expect(r.anomalous).toBe(true);
    expect(r.findings.find((f) => f.kind === 'count')).toMatchObject({ kind: 'count', count: 9, support: 0 });
  });

  it('explains a normal session by its strongest check, with a negative score', () => {
    const r = model.score(['open', 'auth', 'read', 'ack', 'close']);
    expect(r.anomalous).toBe(false);
    expect(r.score).toBeLessThan(0);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].margin).toBe(r.score);
  });

  it('keeps findings short and diverse, strongest first', () => {
    const r = model.score(['close', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'read', 'read']);
    expect(r.findings.length).toBeLessThanOrEqual(5);
    const margins = r.findings.map((f) => f.margin);
    expect([...margins].sort((a, b) => b - a)).toEqual(margins);
    const subjects = r.findings.map((f) => `${f.kind}:${f.kind === 'invariant' ? String(f.left) : f.kind === 'order' ? String(f.next) : String(f.event)}`);
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it('scores open sessions without the checks their end could still change', () => {
    expect(model.scorePartial(['open', 'auth', 'read']).anomalous).toBe(false);
    const r = model.scorePartial(['open', 'auth', 'disk-error']);
    expect(r.anomalous).toBe(true);
    expect(kinds(r.findings)).toContain('event');
  });

  it('flags nothing before it has enough evidence', () => {
    const young = trained(300);
    expect(young.score(['open', 'auth', 'read', 'ack', 'disk-error', 'close']).anomalous).toBe(false);
    expect(young.stats().calibrationSessions).toBe(0);
  });

  it('raises the threshold of a noisy family and not the others', () => {
    // Normal sessions end with a random one of 400 "noise" events: rare transitions are normal here.
    const m = createSessionModel();
    const rnd = prng(5);
    for (let i = 0; i < 3000; i++) m.observe([...normalSession(rnd), `noise-${Math.floor(rnd() * 400)}`]);
    const t = Object.fromEntries(m.thresholds().map((x) => [x.family, x.threshold]));
    expect(t.invariant).toBe(3);
    expect(t.order1).toBeGreaterThan(3);
    expect(m.score([...normalSession(prng(7)), 'noise-401']).anomalous).toBe(true);
    const rndTest = prng(8);
    let flagged = 0;
    for (let i = 0; i < 1000; i++) if (m.score([...normalSession(rndTest), `noise-${Math.floor(rndTest() * 400)}`]).anomalous) flagged++;
    expect(flagged).toBeLessThan(10);
  });

  it('is deterministic: the same stream gives the same bytes', () => {
    expect(trained(1500, 3).snapshot()).toEqual(trained(1500, 3).snapshot());
  });

  it('snapshots and restores exactly, and keeps learning the same way', () => {
    const a = trained(1200, 4);
    const b = restoreSessionModel(a.snapshot());
    expect(b.snapshot()).toEqual(a.snapshot());
    expect(b.options).toEqual(a.options);
    const rnd = prng(11);
    for (let i = 0; i < 300; i++) {
      const s = normalSession(rnd);
      a.observe(s);
      b.observe(s);
    }
    expect(b.snapshot()).toEqual(a.snapshot());
    for (const s of [['open', 'auth', 'read', 'close'], ['open', 'x', 'close'], normalSession(rnd)]) expect(b.score(s)).toEqual(a.score(s));
  });

  it('rejects snapshots it cannot read', () => {
    const bytes = trained(10).snapshot();
    expect(() => restoreSessionModel(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/not a session model snapshot/);
    expect(() => restoreSessionModel(bytes.slice(0, bytes.length - 3))).toThrow(LogsiftError);
    const future = bytes.slice();
    future[4] = 99;
    expect(() => restoreSessionModel(future)).toThrow(/version 99/);
    const trailing = new Uint8Array(bytes.length + 1);
    trailing.set(bytes);
    expect(() => restoreSessionModel(trailing)).toThrow(/trailing bytes/);
  });

  it('stays bounded: what a full table could not learn never looks anomalous', () => {
    const m = createSessionModel({ maxTransitions: 3 });
    const rnd = prng(12);
    for (let i = 0; i < 2000; i++) m.observe(normalSession(rnd));
    expect(m.stats().historiesDropped).toBeGreaterThan(0);
    let flagged = 0;
    for (let i = 0; i < 500; i++) if (m.score(normalSession(rnd)).anomalous) flagged++;
    expect(flagged).toBe(0);
    expect(restoreSessionModel(m.snapshot()).snapshot()).toEqual(m.snapshot());
  });

  it('stays bounded: keys beyond maxEvents are overflow, not anomalies', () => {
    const m = createSessionModel({ maxEvents: 8, maxContexts: 4, maxInvariants: 16 });
    const rnd = prng(2);
    for (let i = 0; i < 2000; i++) m.observe([...normalSession(rnd), `k${i % 50}`]);
    const st = m.stats();
    expect(st.events).toBe(8);
    expect(st.eventOverflowSessions).toBeGreaterThan(0);
    expect(st.histories[0]).toBeLessThanOrEqual(4);
    expect(st.historiesDropped).toBeGreaterThan(0);
    expect(st.invariants).toBeLessThanOrEqual(16);
    expect(m.score([...normalSession(rnd), 'k49']).findings.every((f) => f.kind !== 'event' || f.margin <= 0)).toBe(true);
  });

  it('accepts numeric keys as distinct from strings', () => {
    const m = createSessionModel();
    for (let i = 0; i < 1000; i++) m.observe([5, 22, 11, 9]);
    expect(m.score([5, 22, 11, 9]).anomalous).toBe(false);
    expect(m.score(['5', 22, 11, 9]).findings[0]).toMatchObject({ kind: 'event', event: '5' });
    expect(restoreSessionModel(m.snapshot()).score([5, 22, 11, 9]).anomalous).toBe(false);
  });

  it('validates options', () => {
    expect(() => createSessionModel({ alarmProbability: 0 })).toThrow(/alarmProbability/);
    expect(() => createSessionModel({ orderHistory: 4 })).toThrow(/orderHistory/);
    expect(() => createSessionModel({ maxEvents: 5000 })).toThrow(/maxEvents/);
    expect(() => createSessionModel({ nope: 1 } as never)).toThrow(/nope/);
    const m = createSessionModel({ orderHistory: 0, maxInvariants: 0 });
    expect(m.thresholds().map((t) => t.family)).toEqual(['event', 'count']);
  });

  it('uses longer histories when asked', () => {
    const m = trained(2000, 1, { orderHistory: 3 });
    expect(m.thresholds().map((t) => t.family)).toEqual(['event', 'count', 'invariant', 'order1', 'order2', 'order3']);
    expect(m.stats().histories).toHaveLength(3);
    expect(restoreSessionModel(m.snapshot()).snapshot()).toEqual(m.snapshot());
  });
});
