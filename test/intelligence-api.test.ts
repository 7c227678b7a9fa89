import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from './helpers.js';
import { fakeAnomaly } from './intelligence-helpers.js';

type Server_ = Awaited<ReturnType<typeof testServer>>;
type Json = Record<string, unknown>;

describe('anomalies, incidents, explain, alert rules and channels API', () => {
  let s: Server_;
  let rx: Server;
  let rxUrl = '';
  const received: Json[] = [];

  const req = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, tenant?: string) => {
    const res = await s.app.inject({ method, url, ...(body === undefined ? {} : { payload: body as Json }), headers: tenant === undefined ? {} : { 'x-logsift-tenant': tenant } });
    return { status: res.statusCode, body: (res.body === '' ? {} : res.json()) as Json };
  };

  beforeAll(async () => {
    s = await testServer();
    rx = createServer((r, res) => {
      let raw = '';
      r.on('data', (c) => (raw += String(c)));
      r.on('end', () => {
        received.push(JSON.parse(raw) as Json);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => rx.listen(0, '127.0.0.1', r));
    rxUrl = `http://127.0.0.1:${(rx.address() as AddressInfo).port}`;
    const t = Date.parse('2026-11-20T10:00:00Z');
    await s.meta.anomalies.insertAnomalies([
      fakeAnomaly({ id: 'an_a', windowStart: t }),
      fakeAnomaly({ id: 'an_b', kind: 'new_pattern', service: 'web', templateId: 0x2a, windowStart: t + 60_000, severity: 'medium', title: 'web: new ERROR pattern "upstream refused"' }),
      fakeAnomaly({ id: 'an_c', tenant: 'other', windowStart: t }),
    ]);
  });
  afterAll(async () => {
    await s.dispose();
    rx.closeAllConnections();
    await new Promise<void>((r) => rx.close(() => r()));
  });

  it('lists anomalies newest first with filters, by tenant', async () => {
    const all = await req('GET', '/api/v1/anomalies');
    expect(all.status).toBe(200);
    expect((all.body.anomalies as Json[]).map((a) => a.id)).toEqual(['an_b', 'an_a']);
    const byKind = await req('GET', '/api/v1/anomalies?kind=new_pattern&service=web&from=2026-11-20T10:00:30Z');
    expect(byKind.body.anomalies).toEqual([expect.objectContaining({ id: 'an_b', templateId: '000000000002a', kind: 'new_pattern' })]);
    expect((await req('GET', '/api/v1/anomalies?kind=bogus')).status).toBe(400);
    const one = await req('GET', '/api/v1/anomalies/an_a');
    expect(one.body).toMatchObject({ id: 'an_a', evidence: { unit: 'share', samples: [expect.stringContaining('Gateway timeout')], templates: ['000000000002a'], hosts: ['payment-1'] } });
    expect((await req('GET', '/api/v1/anomalies/an_c')).status).toBe(404);
    expect(((await req('GET', '/api/v1/anomalies', undefined, 'other')).body.anomalies as Json[]).map((a) => a.id)).toEqual(['an_c']);
    const page = await req('GET', '/api/v1/anomalies?limit=1');
    expect(page.body.nextCursor).toBeTypeOf('string');
    const next = await req('GET', `/api/v1/anomalies?limit=1&cursor=${page.body.nextCursor as string}`);
    expect((next.body.anomalies as Json[])[0].id).toBe('an_a');
  });

  it('marks an anomaly as noise (reversibly), which detection applies at once', async () => {
    const marked = await req('POST', '/api/v1/anomalies/an_b/noise', { actor: 'alice' });
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ anomaly: { id: 'an_b', noise: true }, rule: { kind: 'new_pattern', service: 'web', templateId: '000000000002a', createdBy: 'alice' } });
    expect((await req('GET', '/api/v1/anomalies?noise=true')).body.anomalies).toHaveLength(1);
    expect(s.intelligence?.detection.stats().runner.noiseRules).toBe(1);
    expect(((await req('GET', '/api/v1/noise-rules')).body.rules as Json[]).length).toBe(1);
    expect((await req('GET', '/api/v1/noise-rules', undefined, 'other')).body.rules).toEqual([]);
    const undone = await req('DELETE', '/api/v1/anomalies/an_b/noise');
    expect(undone.body).toMatchObject({ anomaly: { noise: false }, removed: [expect.objectContaining({ kind: 'new_pattern' })] });
    expect(s.intelligence?.detection.stats().runner.noiseRules).toBe(0);
    const patched = await req('PATCH', '/api/v1/anomalies/an_a', { noise: true, scope: 'service' });
    expect(patched.body).toMatchObject({ noise: true });
    const rules = (await req('GET', '/api/v1/noise-rules')).body.rules as Json[];
    expect(rules[0]).toMatchObject({ kind: 'error_rate', service: 'payment', templateId: null });
    expect((await req('DELETE', `/api/v1/noise-rules/${rules[0].id as string}`)).status).toBe(204);
    expect((await req('POST', '/api/v1/anomalies/nope/noise', {})).status).toBe(404);
  });

  it('serves incidents: list with filters, detail with anomalies and timeline, status changes, comments, explanations', async () => {
    const tracker = s.intelligence?.tracker;
    const a = fakeAnomaly({ id: 'an_i1', windowStart: Date.now() - 120_000 });
    await s.meta.anomalies.insertAnomalies([a]);
    await tracker?.anomalies('default', [a]);
    const list = await req('GET', '/api/v1/incidents?status=open&severity=high&service=payment');
    expect(list.body.total).toBe(1);
    const inc = (list.body.incidents as Json[])[0];
    expect(inc).toMatchObject({ status: 'open', severity: 'high', services: ['payment'], kinds: ['error_rate'], anomalyCount: 1, timeline: [] });
    expect((await req('GET', '/api/v1/incidents?service=web')).body.total).toBe(0);
    expect((await req('GET', '/api/v1/incidents', undefined, 'other')).body.total).toBe(0);
    const id = inc.id as string;
    const detail = await req('GET', `/api/v1/incidents/${id}`);
    expect(detail.body).toMatchObject({ incident: { id, summary: { source: 'builtin' } }, anomalies: [expect.objectContaining({ id: 'an_i1', incidentId: id })] });
    expect(((detail.body.incident as Json).timeline as Json[]).map((e) => e.kind)).toEqual(['opened', 'anomaly']);
    const acked = await req('PATCH', `/api/v1/incidents/${id}`, { status: 'acknowledged', actor: 'alice' });
    expect(acked.body).toMatchObject({ status: 'acknowledged' });
    expect((await req('POST', `/api/v1/incidents/${id}/comments`, { text: 'on it', author: 'alice' })).status).toBe(201);
    expect((await req('GET', `/api/v1/incidents/${id}/comments`)).body.comments).toEqual([expect.objectContaining({ author: 'alice', text: 'on it' })]);
    expect((await req('PATCH', `/api/v1/incidents/${id}`, { status: 'resolved', note: 'fixed' })).body).toMatchObject({ status: 'resolved' });
    const conflict = await req('PATCH', `/api/v1/incidents/${id}`, { status: 'acknowledged' });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ error: { code: 'conflict' } });
    expect((await req('PATCH', `/api/v1/incidents/${id}`, { status: 'open' })).body).toMatchObject({ status: 'open' });
    expect((await req('PATCH', `/api/v1/incidents/${id}`, {})).status).toBe(400);
    const explained = await req('POST', `/api/v1/incidents/${id}/explain`);
    expect(explained.body).toMatchObject({ summary: { source: 'builtin' } });
    expect((await req('GET', '/api/v1/incidents/nope')).status).toBe(404);
  });

  it('manages alert rules and channels, masks secrets, tests channels and shows the delivery log', async () => {
    const ch = await req('POST', '/api/v1/channels', { name: 'ops', type: 'webhook', config: { url: `${rxUrl}/hook/secret-token`, headers: { authorization: 'Bearer x' } } });
    expect(ch.status).toBe(201);
    expect(ch.body).toMatchObject({ name: 'ops', type: 'webhook', enabled: true, config: { url: `${rxUrl}/hook/…`, headers: { authorization: '…' } } });
    const id = ch.body.id as string;
    expect((await req('POST', '/api/v1/channels', { name: 'bad', type: 'webhook', config: { url: 'ftp://x' } })).status).toBe(400);
    expect((await req('POST', '/api/v1/channels', { name: 'bad', type: 'pager', config: {} })).status).toBe(400);
    expect((await req('PATCH', `/api/v1/channels/${id}`, { name: 'ops-renamed', config: { timeoutMs: 2000 } })).body).toMatchObject({ name: 'ops-renamed', config: { timeoutMs: 2000 } });
    const test = await req('POST', `/api/v1/channels/${id}/test`);
    expect(test.body).toMatchObject({ status: 'delivered', reason: 'test', channelId: id });
    expect(received.at(-1)).toMatchObject({ reason: 'test', version: 1 });
    expect((await req('GET', '/api/v1/notifications?status=delivered')).body.notifications).toEqual([expect.objectContaining({ channelId: id })]);

    const rule = await req('POST', '/api/v1/alert-rules', { name: 'payment pages', services: ['payment'], minSeverity: 'high', kinds: ['error_rate'], channelIds: [id] });
    expect(rule.status).toBe(201);
    expect(rule.body).toMatchObject({ name: 'payment pages', enabled: true, renotifyMs: 14_400_000, notifyResolved: true });
    const rid = rule.body.id as string;
    expect((await req('POST', '/api/v1/alert-rules', { name: 'x', channelIds: ['nope'] })).status).toBe(400);
    expect((await req('POST', '/api/v1/alert-rules', { name: 'x', minSeverity: 'huge' })).status).toBe(400);
    expect((await req('PATCH', `/api/v1/alert-rules/${rid}`, { enabled: false })).body).toMatchObject({ enabled: false, services: ['payment'] });
    expect((await req('DELETE', `/api/v1/channels/${id}`)).status).toBe(409);
    expect((await req('PUT', `/api/v1/alert-rules/${rid}`, { name: 'replaced', channelIds: [id] })).body).toMatchObject({ name: 'replaced', services: [], enabled: true });
    expect((await req('GET', '/api/v1/alert-rules', undefined, 'other')).body.rules).toEqual([]);
    expect((await req('GET', `/api/v1/alert-rules/${rid}`, undefined, 'other')).status).toBe(404);
    expect((await req('DELETE', `/api/v1/alert-rules/${rid}`)).status).toBe(204);
    expect((await req('DELETE', `/api/v1/channels/${id}`)).status).toBe(204);
    expect((await req('GET', '/api/v1/channels')).body.channels).toEqual([]);
  });

  it('explains a spike: the templates, hosts and values behind the difference, with effect sizes and significance', async () => {
    const base = Math.floor((Date.now() - 30 * 60_000) / 60_000) * 60_000;
    const lines: string[] = [];
    for (let m = 0; m < 20; m++) {
      for (let i = 0; i < 10; i++) lines.push(JSON.stringify({ ts: base + m * 60_000 + i * 5000, msg: `order placed by user u${i}`, service: 'shop', host: `h${i % 2}` }));
      if (m >= 10) for (let i = 0; i < 30; i++) lines.push(JSON.stringify({ ts: base + m * 60_000 + i * 1000, level: 'warn', msg: 'rate limited client 10.0.0.9 on /api/search', service: 'shop', host: 'h9', client: 'scraper-bot' }));
    }
    const ingest = await s.app.inject({ method: 'POST', url: '/api/v1/logs', payload: lines.join('\n'), headers: { 'content-type': 'application/x-ndjson' } });
    expect(ingest.json()).toMatchObject({ accepted: lines.length });
    const from = new Date(base + 10 * 60_000).toISOString();
    const to = new Date(base + 20 * 60_000).toISOString();
    const r = await req('GET', `/api/v1/explain?from=${from}&to=${to}&service=shop`);
    expect(r.status).toBe(200);
    expect(r.body.baseline).toEqual({ from: base, to: base + 10 * 60_000 });
    expect(r.body.total).toMatchObject({ observed: 400, expected: 100, difference: 300 });
    const top = (r.body.templates as Json[])[0];
    expect(top).toMatchObject({ label: expect.stringContaining('rate limited client'), observed: 300, expected: 0, significant: true });
    expect(top.share).toBeCloseTo(1, 5);
    expect((r.body.hosts as Json[])[0]).toMatchObject({ key: 'h9', significant: true });
    expect((r.body.params as Json[]).map((p) => p.key)).toContain('client=scraper-bot');
    expect((r.body.levels as Json[])[0]).toMatchObject({ key: 'warn' });
    expect((await req('GET', '/api/v1/explain?from=now&to=now-1h')).status).toBe(400);
  });

  it('documents every route in the OpenAPI spec, and reports detection status', async () => {
    const spec = (await req('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    for (const p of ['/api/v1/anomalies', '/api/v1/anomalies/{id}/noise', '/api/v1/incidents/{id}', '/api/v1/incidents/{id}/comments', '/api/v1/explain', '/api/v1/alert-rules/{id}', '/api/v1/channels/{id}/test', '/api/v1/notifications', '/api/v1/noise-rules']) {
      expect(spec.paths[p], p).toBeDefined();
    }
    expect(Object.keys(spec.paths['/api/v1/incidents/{id}'])).toEqual(expect.arrayContaining(['get', 'patch']));
    const status = await req('GET', '/api/v1/detection');
    expect(status.body).toMatchObject({ runner: expect.objectContaining({ queuedEvents: expect.any(Number) }), incidents: expect.any(Object), explainer: expect.objectContaining({ breaker: 'disabled' }) });
    const metrics = await s.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('logsift_detection_events_total');
    expect(metrics.body).toContain('logsift_notifications_total');
  });
});
