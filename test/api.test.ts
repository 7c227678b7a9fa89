import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from './helpers.js';

type Server = Awaited<ReturnType<typeof testServer>>;

describe('HTTP API', () => {
  let s: Server;
  beforeAll(async () => {
    s = await testServer();
  });
  afterAll(async () => {
    await s.dispose();
  });

  const post = (body: string | Buffer, contentType: string, query = '', headers: Record<string, string> = {}) =>
    s.app.inject({ method: 'POST', url: `/api/v1/logs${query}`, payload: body, headers: { 'content-type': contentType, ...headers } });
  const get = async (url: string) => {
    const res = await s.app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> };
  };

  it('accepts a JSON array, {"logs": [...]}, NDJSON and text, and reports counts', async () => {
    const arr = await post(
      JSON.stringify([
        { timestamp: '2026-11-20T10:00:00Z', level: 'error', message: 'charge failed for order 1001', service: 'payment', host: 'pay-1', trace_id: 'abc123', order: 1001 },
        { ts: Date.parse('2026-11-20T10:00:01Z'), lvl: 'WARN', msg: 'retrying charge for order 1001', app: 'payment' },
        'a plain text line from nowhere',
      ]),
      'application/json',
    );
    expect(arr.statusCode).toBe(200);
    expect(arr.json()).toMatchObject({ received: 3, accepted: 3, deduplicated: 0, rejected: 0 });

    const wrapped = await post(JSON.stringify({ logs: [{ msg: 'wrapped one', service: 'w' }] }), 'application/json');
    expect(wrapped.json()).toMatchObject({ accepted: 1 });

    const nd = await post('{"msg":"nd one","service":"nd"}\n\n{"msg":"nd two","service":"nd"}\n', 'application/x-ndjson');
    expect(nd.json()).toMatchObject({ received: 2, accepted: 2 });

    const text = await post('level=info msg="user logged in" user=alice\nlevel=error msg="db timeout" dur=3s\n', 'text/plain', '?service=auth&host=auth-1');
    expect(text.json()).toMatchObject({ accepted: 2 });

    const found = await get('/api/v1/logs?q=order%201001&service=payment');
    const events = found.body.events as { message: string; level: string; traceId: string | null; host: string; attrs: Record<string, unknown> | null }[];
    expect(events.map((e) => e.message)).toEqual(['retrying charge for order 1001', 'charge failed for order 1001']);
    expect(events[1]).toMatchObject({ level: 'error', traceId: 'abc123', host: 'pay-1' });
    expect(events[1].attrs).toMatchObject({ order: 1001 });
    expect(events[0].level).toBe('warn');

    const auth = await get('/api/v1/logs?service=auth&level=error');
    expect((auth.body.events as { message: string }[]).map((e) => e.message)).toEqual(['db timeout']);
  });

  it('decompresses gzip bodies', async () => {
    const res = await post(gzipSync('gz line one\ngz line two\n'), 'text/plain', '?service=gz', { 'content-encoding': 'gzip' });
    expect(res.json()).toMatchObject({ accepted: 2 });
    const bad = await post(Buffer.from('not gzip at all'), 'text/plain', '', { 'content-encoding': 'gzip' });
    expect(bad.statusCode).toBe(400);
  });

  it('does not store a resent batch twice (content hash, Idempotency-Key, record id)', async () => {
    const body = 'dedup line 1\ndedup line 2\n';
    expect((await post(body, 'text/plain', '?service=dd')).json()).toMatchObject({ accepted: 2, deduplicated: 0 });
    expect((await post(body, 'text/plain', '?service=dd')).json()).toMatchObject({ accepted: 0, deduplicated: 2 });
    expect((await post('idem A\n', 'text/plain', '?service=dd', { 'idempotency-key': 'k1' })).json()).toMatchObject({ accepted: 1 });
    expect((await post('idem A changed\n', 'text/plain', '?service=dd', { 'idempotency-key': 'k1' })).json()).toMatchObject({ accepted: 0, deduplicated: 1 });
    expect((await post(body, 'text/plain', '?service=dd', { 'x-logsift-dedup': 'off' })).json()).toMatchObject({ accepted: 2 });
    // Record ids only from a field the client names: a plain `id` is data (a user id, an order id).
    const ids = JSON.stringify([{ rid: 'r-1', msg: 'with id one', service: 'dd' }, { rid: 'r-2', msg: 'with id two', service: 'dd' }]);
    expect((await post(ids, 'application/json', '?idField=rid')).json()).toMatchObject({ accepted: 2 });
    const again = JSON.stringify([{ rid: 'r-1', msg: 'with id one', service: 'dd' }, { rid: 'r-3', msg: 'with id three', service: 'dd' }]);
    expect((await post(again, 'application/json', '?idField=rid')).json()).toMatchObject({ accepted: 1, deduplicated: 1 });
    const sameUser = JSON.stringify([{ id: 7, msg: 'user 7 logged in', service: 'dd' }]);
    expect((await post(sameUser, 'application/json')).json()).toMatchObject({ accepted: 1 });
    const sameUserLater = JSON.stringify([{ id: 7, msg: 'user 7 logged out', service: 'dd' }]);
    expect((await post(sameUserLater, 'application/json')).json()).toMatchObject({ accepted: 1, deduplicated: 0 });
    expect((await get('/api/v1/logs?service=dd&limit=1000')).body.events).toHaveLength(10);
  });

  it('rejects bad input with clear errors and keeps the rest', async () => {
    const malformed = await post('[{"msg": "x"}, ', 'application/json');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: { code: 'invalid_json', retryable: false } });

    const mixed = await post('{"msg":"good one","service":"mix"}\n{oops\n42\n{"msg":"good two","service":"mix"}\n', 'application/x-ndjson');
    expect(mixed.statusCode).toBe(200);
    expect(mixed.json()).toMatchObject({ received: 4, accepted: 2, rejected: 2 });
    expect((mixed.json() as { errors: { index: number; reason: string }[] }).errors).toEqual([
      expect.objectContaining({ index: 1, reason: 'invalid_json' }),
      expect.objectContaining({ index: 2, reason: 'invalid_record' }),
    ]);

    const dl = await get('/api/v1/dead-letters');
    const letters = dl.body.deadLetters as { reason: string; raw: string; detail: string }[];
    expect(letters.map((d) => d.raw)).toEqual(expect.arrayContaining(['{oops', '42']));
    expect(letters.find((d) => d.raw === '{oops')?.detail).toMatch(/line 2/);

    expect((await post('x', 'image/png')).statusCode).toBe(415);
    expect((await get('/api/v1/logs?level=loud')).status).toBe(400);
    expect((await get('/api/v1/logs?from=yesterday-ish')).status).toBe(400);
    expect((await get('/api/v1/logs?limit=5000')).status).toBe(400);
    expect((await get('/api/v1/logs?cursor=garbage')).status).toBe(400);
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/logs', headers: { 'x-logsift-tenant': '../etc' } })).statusCode).toBe(400);
    expect((await get('/api/v1/nope')).status).toBe(404);
  });

  it('refuses an oversized body with 413 and dead-letters an oversized record', async () => {
    const small = await testServer({ maxBodyBytes: '64KiB', maxRecordBytes: '1KiB' });
    try {
      const big = await small.app.inject({ method: 'POST', url: '/api/v1/logs', payload: 'x'.repeat(100_000), headers: { 'content-type': 'text/plain' } });
      expect(big.statusCode).toBe(413);
      expect(big.json()).toMatchObject({ error: { code: 'payload_too_large' } });
      expect(big.json().error.message).toMatch(/limit of 65536 bytes.*--max-body/);
      const bomb = await small.app.inject({
        method: 'POST',
        url: '/api/v1/logs',
        payload: gzipSync('y'.repeat(1_000_000)),
        headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' },
      });
      expect(bomb.statusCode).toBe(413);
      const long = await small.app.inject({ method: 'POST', url: '/api/v1/logs', payload: `short\n${'z'.repeat(5000)}\nshort2\n`, headers: { 'content-type': 'text/plain' } });
      expect(long.json()).toMatchObject({ accepted: 2, rejected: 1 });
    } finally {
      await small.dispose();
    }
  });

  it('keeps tenants apart', async () => {
    await s.app.inject({ method: 'POST', url: '/api/v1/logs?service=t', payload: 'tenant b secret\n', headers: { 'content-type': 'text/plain', 'x-logsift-tenant': 'team-b' } });
    const a = await get('/api/v1/logs?q=secret');
    expect(a.body.events).toHaveLength(0);
    const b = await s.app.inject({ method: 'GET', url: '/api/v1/logs?q=secret', headers: { 'x-scope-orgid': 'team-b' } });
    expect((b.json() as { events: unknown[] }).events).toHaveLength(1);
  });

  it('serves histograms, templates, context, health, metrics and OpenAPI', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `2026-11-20T10:${String(i).padStart(2, '0')}:00Z ${i % 3 === 0 ? 'ERROR' : 'INFO'} request ${i} took ${i * 7} ms`).join('\n');
    const format = encodeURIComponent('<Time> <Level> <Content>');
    expect((await post(lines, 'text/plain', `?service=hist&format=${format}`)).json()).toMatchObject({ accepted: 30 });
    const h = await get('/api/v1/logs/histogram?service=hist&from=2026-11-20T10:00:00Z&to=2026-11-20T10:30:00Z&bucket=10m');
    expect(h.status).toBe(200);
    const buckets = h.body.buckets as { ts: number; counts: { error: number; info: number } }[];
    expect(buckets.map((b) => b.counts.error + b.counts.info)).toEqual([10, 10, 10]);
    expect(buckets.reduce((n, b) => n + b.counts.error, 0)).toBe(10);
    const ht = await get('/api/v1/logs/histogram?q=request&from=2026-11-20T10:00:00Z&to=2026-11-20T10:30:00Z&bucket=10m');
    expect((ht.body.buckets as { counts: { error: number; info: number } }[]).reduce((n, b) => n + b.counts.error + b.counts.info, 0)).toBe(30);

    const list = await get('/api/v1/templates?service=hist');
    const tpl = (list.body.templates as { id: string; text: string; count: number }[])[0];
    expect(tpl.count).toBe(30);
    expect(tpl.text).toContain('<*>');
    const detail = await get(`/api/v1/templates/${tpl.id}`);
    expect(detail.status).toBe(200);
    const params = detail.body.params as { numeric: { max: number } | null }[];
    expect(params.some((p) => p.numeric !== null && p.numeric.max === 29 * 7)).toBe(true);
    const byTemplate = await get(`/api/v1/logs?template=${tpl.id}&limit=1000`);
    expect(byTemplate.body.events).toHaveLength(30);
    expect((await get('/api/v1/templates/0000000000000')).status).toBe(404);

    const one = (await get('/api/v1/logs?q=took%20105&service=hist')).body.events as { id: string }[];
    const ctx = await get(`/api/v1/logs/${one[0].id}/context?before=2&after=2`);
    expect((ctx.body.events as { message: string }[]).map((e) => e.message)).toEqual([
      'request 13 took 91 ms',
      'request 14 took 98 ms',
      'request 15 took 105 ms',
      'request 16 took 112 ms',
      'request 17 took 119 ms',
    ]);

    expect((await get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await get('/readyz')).status).toBe(200);
    const metrics = await s.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/logsift_ingest_records_total\{source="http",outcome="accepted"\} \d+/);
    expect(metrics.body).toMatch(/logsift_ingest_batch_duration_seconds_bucket/);
    expect(metrics.body).toMatch(/logsift_store_bytes \d+/);
    expect(metrics.body).toMatch(/logsift_templates [1-9]/);
    const spec = await get('/openapi.json');
    expect(Object.keys(spec.body.paths as object)).toEqual(expect.arrayContaining(['/api/v1/logs', '/api/v1/logs/histogram', '/api/v1/templates', '/api/v1/dead-letters']));
  });

  it('pages through results with a cursor', async () => {
    const body = Array.from({ length: 250 }, (_, i) => JSON.stringify({ ts: 1763700000000 + i, msg: `page item ${i}`, service: 'pager' })).join('\n');
    expect((await post(body, 'application/x-ndjson')).json()).toMatchObject({ accepted: 250 });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await get(`/api/v1/logs?service=pager&limit=100${cursor === null ? '' : `&cursor=${cursor}`}`);
      seen.push(...(r.body.events as { message: string }[]).map((e) => e.message));
      cursor = r.body.nextCursor as string | null;
    } while (cursor !== null);
    expect(seen).toHaveLength(250);
    expect(seen[0]).toBe('page item 249');
    expect(seen[249]).toBe('page item 0');
  });
});
