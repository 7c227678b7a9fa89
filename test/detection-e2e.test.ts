import { afterAll, describe, expect, it } from 'vitest';
import { assembleServer } from '../src/cli/server.js';
import type { AssembledServer } from '../src/cli/server.js';
import { tempDir, testConfig } from './helpers.js';

type Json = Record<string, unknown>;

/** NDJSON for minutes [from, to) of a checkout service: 30 ordinary lines a minute, plus extras. */
function minutes(t0: number, from: number, to: number, extra: (m: number) => Json[] = () => []): string {
  const out: string[] = [];
  for (let m = from; m < to; m++) {
    for (let i = 0; i < 30; i++) {
      out.push(JSON.stringify({ ts: t0 + m * 60_000 + i * 2000, level: 'info', msg: i % 3 === 0 ? `cart loaded for user u${i}` : `checkout completed in ${20 + (i % 9)} ms`, service: 'checkout', host: `co-${i % 2}`, trace_id: `t${m}x${i}` }));
    }
    for (const e of extra(m)) out.push(JSON.stringify(e));
  }
  return out.join('\n');
}

/**
 * The whole path in one process: HTTP ingest → parse → mine → store → bus → detection →
 * incidents → API, then a restart on the same data directory that resumes detection state.
 */
describe('detection end to end', () => {
  const dir = tempDir();
  let s: AssembledServer | null = null;
  afterAll(async () => {
    await s?.close();
    dir.remove();
  });
  const open = async () => {
    const server = await assembleServer(testConfig(dir.path), { writer: 'inline', logger: false });
    await server.begin();
    return server;
  };
  const post = (server: AssembledServer, body: string) => server.app.inject({ method: 'POST', url: '/api/v1/logs', payload: body, headers: { 'content-type': 'application/x-ndjson' } });
  const get = async (server: AssembledServer, url: string) => (await server.app.inject({ method: 'GET', url })).json() as Json;

  const t0 = Math.floor((Date.now() - 3 * 3_600_000) / 60_000) * 60_000;
  const refused = (m: number) => (m === 40 ? Array.from({ length: 25 }, (_, i) => ({ ts: t0 + m * 60_000 + i * 2000, level: 'error', msg: `payment provider refused connection (attempt ${i % 3})`, service: 'checkout', host: 'co-1' })) : []);

  it('opens an incident for a new error pattern, with evidence and a built-in explanation', async () => {
    s = await open();
    expect((await post(s, minutes(t0, 0, 44, refused))).json()).toMatchObject({ rejected: 0 });
    await s.intelligence?.detection.flush();
    const anomalies = (await get(s, '/api/v1/anomalies?kind=new_pattern')).anomalies as Json[];
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({ service: 'checkout', severity: 'high', title: expect.stringContaining('payment provider refused connection') });
    const incidents = (await get(s, '/api/v1/incidents')).incidents as Json[];
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ services: ['checkout'], kinds: expect.arrayContaining(['new_pattern']) });
    const detail = await get(s, `/api/v1/incidents/${incidents[0].id as string}`);
    const summary = (detail.incident as Json).summary as Json;
    expect(summary.summary).toContain('checkout');
    expect((summary.highlights as Json[])[0].sample).toContain('payment provider refused connection');
    const sampleId = ((detail.anomalies as Json[])[0].evidence as Json).sampleIds as string[];
    const context = await get(s, `/api/v1/logs/${sampleId[0]}/context?before=1&after=1`);
    expect((context.events as Json[]).some((e) => String(e.message).includes('refused'))).toBe(true);
  });

  it('resumes after a restart: saved detector state keeps the template known, incidents stay', async () => {
    await s?.close();
    s = await open();
    expect((await s.meta.detectorState.detectorStateTenants())).toContain('default');
    // More than maxStreamLagMs (10 min) of event time, so the runner stops waiting for other streams to appear.
    await post(s, minutes(t0, 44, 56, (m) => (m === 46 ? refused(40).map((e) => ({ ...e, ts: e.ts + 6 * 60_000 })) : [])));
    await s.intelligence?.detection.flush();
    expect(((await get(s, '/api/v1/anomalies?kind=new_pattern')).anomalies as Json[]).length).toBe(1);
    const incidents = (await get(s, '/api/v1/incidents')).incidents as Json[];
    expect(incidents).toHaveLength(1);
    const stats = (await get(s, '/api/v1/detection')).tenant as { counters: Json };
    expect(stats.counters.windowsClosed).toBeGreaterThan(0);
  });
});
