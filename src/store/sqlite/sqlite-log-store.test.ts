import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Level, MinedEvent } from '../../model/index.js';
import type { AppendBatch, LogQuery } from '../log-store.js';
import { SqliteLogStore } from './sqlite-log-store.js';

const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);

function ev(i: number, templateId: number, message: string, opts: Partial<{ service: string; host: string; level: Level; ts: number; trace: string }> = {}): MinedEvent {
  return {
    tenant: 'default',
    ts: opts.ts ?? T0 + i * 1000,
    service: opts.service ?? 'web',
    host: opts.host ?? 'web-1',
    level: opts.level ?? 'info',
    message,
    attrs: i % 2 === 0 ? { i } : null,
    traceId: opts.trace ?? null,
    spanId: null,
    templateId,
    params: [],
  };
}

function batch(events: MinedEvent[], templates: [number, string][], dedupKey: string | null = null): AppendBatch {
  return { tenant: 'default', dedupKey, recordIds: null, events, templates: new Map(templates), deadLetters: [] };
}

const TPL: [number, string][] = [
  [1, 'Connected to <*> in <*> ms'],
  [2, 'User <*> logged in from <*>'],
  [3, 'Exception in thread main java.lang.NullPointerException at <*>'],
];

function q(partial: Partial<LogQuery>): LogQuery {
  return { tenant: 'default', text: null, services: [], hosts: [], levels: [], templates: [], traceId: null, from: null, to: null, limit: 100, cursor: null, ...partial };
}

describe('SqliteLogStore', () => {
  let dir: string;
  let store: SqliteLogStore;
  const open = () => SqliteLogStore.open({ dir, span: 'day', durability: 'process', dedupWindowMs: 3_600_000, writer: 'inline' });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'logsift-store-'));
    store = await open();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function seed(): Promise<void> {
    const events: MinedEvent[] = [];
    for (let i = 0; i < 300; i++) {
      const k = i % 3;
      if (k === 0) events.push(ev(i, 1, `Connected to db-${i % 7}.prod in ${i} ms`, { service: 'payment', host: `pay-${i % 2}` }));
      else if (k === 1) events.push(ev(i, 2, `User user${i} logged in from 10.0.${i % 5}.${i % 250}`, { service: 'auth', trace: `t${i}` }));
      else events.push(ev(i, 3, `Exception in thread main java.lang.NullPointerException at Foo.java:${i}`, { level: 'error' }));
    }
    const r = await store.append(batch(events, TPL));
    expect(r.accepted).toBe(300);
  }

  it('stores a batch and finds it newest first', async () => {
    await seed();
    const page = await store.search(q({ limit: 10 }));
    expect(page.events).toHaveLength(10);
    expect(page.events[0].ts).toBe(T0 + 299_000);
    for (let i = 1; i < page.events.length; i++) expect(page.events[i].ts).toBeLessThan(page.events[i - 1].ts);
    expect(page.events[1].attrs).toEqual({ i: 298 });
  });

  it('answers free text from row terms and from template constants', async () => {
    await seed();
    // "connected" is a template constant: never indexed per row, found through template 1.
    const byConstant = await store.search(q({ text: 'Connected' }));
    expect(byConstant.events).toHaveLength(100);
    expect(byConstant.events.every((e) => e.templateId === 1)).toBe(true);
    // A parameter value.
    const byParam = await store.search(q({ text: 'user43' }));
    expect(byParam.events.map((e) => e.message)).toEqual(['User user43 logged in from 10.0.3.43']);
    // A dotted suffix inside a token and a prefix of an IP.
    expect((await store.search(q({ text: 'NullPointerException' }))).events).toHaveLength(100);
    expect((await store.search(q({ text: '10.0.3' }))).events.every((e) => e.message.includes('10.0.3.'))).toBe(true);
    // Terms are ANDed; a word inside a token does not match.
    expect((await store.search(q({ text: 'connected db-3.prod' }))).events.every((e) => e.message.includes('db-3.prod'))).toBe(true);
    expect((await store.search(q({ text: 'pointer' }))).events).toHaveLength(0);
  });

  it('filters by service, host, level, template, trace and time', async () => {
    await seed();
    expect((await store.search(q({ services: ['auth'] }))).events).toHaveLength(100);
    expect((await store.search(q({ hosts: ['pay-1'] }))).events).toHaveLength(50);
    expect((await store.search(q({ levels: ['error'] }))).events.every((e) => e.level === 'error')).toBe(true);
    expect((await store.search(q({ templates: [2, 3] }))).events).toHaveLength(100);
    expect((await store.search(q({ templates: [2, 3], limit: 1000 }))).events).toHaveLength(200);
    expect((await store.search(q({ traceId: 't43' }))).events.map((e) => e.message)).toEqual(['User user43 logged in from 10.0.3.43']);
    const ranged = await store.search(q({ from: T0 + 10_000, to: T0 + 20_000 }));
    expect(ranged.events.map((e) => e.ts)).toEqual(Array.from({ length: 10 }, (_, k) => T0 + (19 - k) * 1000));
    expect((await store.search(q({ services: ['auth'], text: 'Connected' }))).events).toHaveLength(0);
  });

  it('pages with a cursor without gaps or repeats', async () => {
    await seed();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await store.search(q({ services: ['payment'], limit: 7, cursor }));
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toHaveLength(100);
    expect(new Set(seen).size).toBe(100);
  });

  it('deduplicates a resent batch and repeated record ids', async () => {
    const events = [ev(1, 1, 'Connected to a in 1 ms'), ev(2, 1, 'Connected to b in 2 ms')];
    const first = await store.append(batch(events, TPL, 'hash-1'));
    const again = await store.append(batch(events, TPL, 'hash-1'));
    expect(first).toMatchObject({ accepted: 2, deduplicated: 0 });
    expect(again).toMatchObject({ accepted: 0, deduplicated: 2 });
    const withIds: AppendBatch = { ...batch([ev(3, 1, 'Connected to c in 3 ms'), ev(4, 1, 'Connected to d in 4 ms')], TPL), recordIds: ['a', 'b'] };
    expect(await store.append(withIds)).toMatchObject({ accepted: 2 });
    expect(await store.append({ ...withIds, recordIds: ['a', 'z'] })).toMatchObject({ accepted: 1, deduplicated: 1 });
    expect((await store.search(q({}))).events).toHaveLength(5);
  });

  it('indexes the rows kept from a batch with duplicate record ids, block by block', async () => {
    // 300 rows span three index blocks; every other row of the resend is a duplicate.
    const rows = (tag: string) => Array.from({ length: 300 }, (_, i) => ev(i, 1, `Connected to ${tag}-${i}-x in ${i} ms`));
    const ids = (tag: string) => Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? `id${i}` : `${tag}${i}`));
    expect(await store.append({ ...batch(rows('first'), TPL), recordIds: ids('first') })).toMatchObject({ accepted: 300 });
    expect(await store.append({ ...batch(rows('second'), TPL), recordIds: ids('second') })).toMatchObject({ accepted: 150, deduplicated: 150 });
    // A skipped row's terms may sit in its block's document, but it is never returned.
    expect((await store.search(q({ text: 'second-2-x' }))).events).toHaveLength(0);
    const kept = await store.search(q({ text: 'second-3-x' }));
    expect(kept.events.map((e) => e.message)).toEqual(['Connected to second-3-x in 3 ms']);
    expect((await store.search(q({ text: 'second-299-x' }))).events).toHaveLength(1);
    expect((await store.search(q({ limit: 1000 }))).events).toHaveLength(450);
  });

  it('prefilters free text literally: _ and case are not wildcards', async () => {
    const events = [ev(1, 9, 'Receiving blk_77 from A'), ev(2, 9, 'Receiving blkX77 from B'), ev(3, 9, 'RECEIVING BLK_78 FROM C')];
    await store.append(batch(events, [[9, 'Receiving <*> from <*>']]));
    expect((await store.search(q({ text: 'blk_7' }))).events.map((e) => e.message)).toEqual(['RECEIVING BLK_78 FROM C', 'Receiving blk_77 from A']);
    expect((await store.search(q({ text: 'blk_77' }))).events).toHaveLength(1);
  });

  it('keeps events with identical timestamps apart, including out-of-order batches', async () => {
    const same = Array.from({ length: 5000 }, (_, i) => ev(i, 1, `Connected to x${i} in 1 ms`, { ts: T0 }));
    await store.append(batch(same.slice(0, 3000), TPL));
    await store.append(batch(same.slice(3000), TPL));
    await store.append(batch([ev(0, 1, 'Connected to early in 1 ms', { ts: T0 - 5000 })], TPL));
    const all = await store.search(q({ limit: 1000 }));
    expect(all.events[0].ts).toBe(T0);
    let total = 0;
    let cursor: string | null = null;
    do {
      const page = await store.search(q({ limit: 1000, cursor }));
      total += page.events.length;
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(total).toBe(5001);
  });

  it('finds a rare template among replayed batches whose index blocks all overlap, exactly and at once', async () => {
    // The same 600 lines (second-precision timestamps) sent 40 times: every round lands between
    // the rows of the others, so each index block spans the rows of all rounds.
    const round = (r: number) =>
      Array.from({ length: 600 }, (_, i) => (i % 150 === 7 ? ev(i, 3, `Exception in thread main java.lang.NullPointerException at r${r}x${i}`, { ts: T0 + Math.floor(i / 20) * 1000 }) : ev(i, 1, `Connected to r${r}x${i} in 1 ms`, { ts: T0 + Math.floor(i / 20) * 1000 })));
    for (let r = 0; r < 40; r++) await store.append(batch(round(r), TPL));
    const first = await store.search(q({ templates: [3], limit: 50 }));
    expect(first.events).toHaveLength(50);
    const ts = first.events.map((e) => e.ts);
    expect([...ts].sort((a, b) => b - a)).toEqual(ts);
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await store.search(q({ templates: [3], limit: 50, cursor }));
      for (const e of page.events) {
        expect(e.templateId).toBe(3);
        seen.add(e.id);
      }
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 100);
    expect(seen.size).toBe(40 * 4);
  });

  it('builds histograms from the rollup and from the index', async () => {
    await seed();
    const byRollup = await store.histogram({ ...q({}), bucketMs: 60_000 });
    const total = byRollup.buckets.reduce((n, b) => n + b.counts.info + b.counts.error, 0);
    expect(total).toBe(300);
    expect(byRollup.buckets[0].counts.error).toBeGreaterThan(0);
    const byText = await store.histogram({ ...q({ text: 'NullPointerException' }), bucketMs: 60_000 });
    expect(byText.buckets.reduce((n, b) => n + b.counts.error, 0)).toBe(100);
    expect(byText.buckets.reduce((n, b) => n + b.counts.info, 0)).toBe(0);
  });

  it('survives a restart with its data, template statistics and dedup memory', async () => {
    await seed();
    await store.append(batch([ev(400, 1, 'Connected to z in 9 ms')], TPL, 'k'));
    await store.close();
    store = await open();
    expect((await store.search(q({ text: 'user43' }))).events).toHaveLength(1);
    const stats = store.templateStats('default');
    expect(stats.find((s) => s.id === 1)?.count).toBe(101);
    expect(stats.find((s) => s.id === 3)?.levels.error).toBe(100);
    expect(await store.append(batch([ev(400, 1, 'Connected to z in 9 ms')], TPL, 'k'))).toMatchObject({ accepted: 0, deduplicated: 1 });
  });

  it('returns surrounding lines and dead letters', async () => {
    await seed();
    const hit = (await store.search(q({ text: 'user43' }))).events[0];
    const ctx = await store.context('default', hit.id, 2, 2);
    expect(ctx.map((e) => e.ts)).toEqual([T0 + 41_000, T0 + 42_000, T0 + 43_000, T0 + 44_000, T0 + 45_000]);
    await store.append({ ...batch([], TPL), deadLetters: [{ tenant: 'default', ts: T0, source: 'http', reason: 'invalid_json', detail: 'Unexpected token at 3', raw: '{x' }] });
    const dl = await store.deadLetters({ tenant: 'default', limit: 10, cursor: null });
    expect(dl.deadLetters).toHaveLength(1);
    expect(dl.deadLetters[0]).toMatchObject({ reason: 'invalid_json', raw: '{x' });
  });

  it('drops whole partitions past retention', async () => {
    await seed();
    expect(store.stats().partitions).toBe(1);
    expect(await store.dropBefore(Date.now() - 86_400_000)).toBe(0);
    expect(await store.dropBefore(Date.now() + 2 * 86_400_000)).toBe(1);
    expect(store.stats()).toMatchObject({ partitions: 0, events: 0 });
    expect(readdirSync(join(dir, 'default'))).toEqual([]);
    expect(store.templateStats('default')).toEqual([]);
    expect((await store.search(q({}))).events).toHaveLength(0);
  });
});
