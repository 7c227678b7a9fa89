import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allEvents, deadLetters, listeningServer } from './protocol-helpers.js';
import type { ListeningServer } from './protocol-helpers.js';

/** Elasticsearch bulk API and probes, with the official JS client and its bulk helper. */
describe('Elasticsearch _bulk', () => {
  let s: ListeningServer;
  let client: Client;
  beforeAll(async () => {
    s = await listeningServer();
    client = new Client({ node: s.url });
  });
  afterAll(async () => {
    await client.close();
    await s.dispose();
  });

  it('passes the client probes: info, product header, license, cluster health, setup calls', async () => {
    const info = await client.info();
    expect(info.tagline).toBe('You Know, for Search');
    expect(Number(info.version.number.split('.')[0])).toBeGreaterThanOrEqual(8);
    expect((await client.cluster.health()).status).toBe('green');
    expect((await client.license.get()).license.status).toBe('active');
    expect(await client.indices.putIndexTemplate({ name: 'logs-app', index_patterns: ['logs-app-*'] })).toMatchObject({ acknowledged: true });
    expect(await client.indices.existsIndexTemplate({ name: 'logs-app' })).toBe(false);
    const head = await fetch(`${s.url}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-elastic-product')).toBe('Elasticsearch');
    // A browser asking for HTML at / gets the web UI, not the Elasticsearch banner.
    const browser = await fetch(`${s.url}/`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(browser.headers.get('content-type')).toMatch(/text\/html/);
    expect(browser.headers.get('x-elastic-product')).toBeNull();
  });

  it('stores what the bulk helper sends, mapping ECS fields', async () => {
    const docs = Array.from({ length: 500 }, (_, i) => ({
      '@timestamp': new Date(Date.UTC(2026, 10, 20, 10, 0, i % 60)).toISOString(),
      message: `GET /product/${i} 200 in ${i % 17} ms`,
      log: { level: i % 100 === 0 ? 'error' : 'info' },
      host: { name: `web-${i % 3}` },
      trace: { id: `trace-${i}` },
      http: { response: { status_code: 200 } },
    }));
    const stats = await client.helpers.bulk({ datasource: docs, onDocument: () => ({ create: { _index: 'logs-shop.web-default' } }), flushBytes: 20_000 });
    expect(stats).toMatchObject({ total: 500, successful: 500, failed: 0 });
    const events = await allEvents(s.url, 'service=shop.web');
    expect(events).toHaveLength(500);
    const e7 = events.find((e) => e.message === 'GET /product/7 200 in 7 ms');
    expect(e7).toMatchObject({ host: 'web-1', level: 'info', traceId: 'trace-7', ts: Date.UTC(2026, 10, 20, 10, 0, 7) });
    expect(e7?.attrs).toMatchObject({ _index: 'logs-shop.web-default', 'http.response.status_code': 200 });
    expect(events.filter((e) => e.level === 'error')).toHaveLength(5);
  });

  it('answers per item exactly as Elasticsearch: created, duplicates, unsupported actions, bad documents', async () => {
    const r = await client.bulk({
      operations: [
        { index: { _index: 'app', _id: 'doc-1' } },
        { message: 'first with id', service: { name: 'bulk-items' } },
        { create: { _index: 'app' } },
        { message: 'auto id', service: { name: 'bulk-items' }, id: 12345 },
        { delete: { _index: 'app', _id: 'doc-1' } },
        { update: { _index: 'app', _id: 'doc-1' } },
        { doc: { message: 'x' } },
      ],
    });
    expect(r.errors).toBe(true);
    expect(r.items.map((it) => Object.keys(it)[0])).toEqual(['index', 'create', 'delete', 'update']);
    expect(r.items[0].index).toMatchObject({ _index: 'app', _id: 'doc-1', status: 201, result: 'created', _version: 1 });
    expect(r.items[1].create?._id).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(r.items[2].delete).toMatchObject({ status: 400, error: { type: 'illegal_argument_exception' } });
    // A document's own `id` field is data, not a document id: a second one with the same value is stored too.
    await client.bulk({ operations: [{ create: { _index: 'app' } }, { message: 'auto id again', service: { name: 'bulk-items' }, id: 12345 }] });
    // The same _id again: create → 409 conflict, and nothing stored twice.
    const again = await client.bulk({ operations: [{ create: { _index: 'app', _id: 'doc-1' } }, { message: 'first with id', service: { name: 'bulk-items' } }] });
    expect(again.items[0].create).toMatchObject({ status: 409, error: { type: 'version_conflict_engine_exception' } });
    const events = await allEvents(s.url, 'service=bulk-items');
    expect(events.map((e) => e.message).sort()).toEqual(['auto id', 'auto id again', 'first with id']);

    const raw = await fetch(`${s.url}/app/_bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: '{"index":{}}\n{"message":"good","service.name":"raw-bulk"}\n{"index":{}}\n{not json\n{"index":{}}\n[1,2]\n',
    });
    const body = (await raw.json()) as { errors: boolean; items: { index: { status: number; error?: { type: string } } }[] };
    expect(raw.headers.get('x-elastic-product')).toBe('Elasticsearch');
    expect(body.items.map((i) => i.index.status)).toEqual([201, 400, 400]);
    expect(body.items[1].index.error?.type).toBe('document_parsing_exception');
    expect((await deadLetters(s.url)).filter((d) => d.source === 'elastic')).toHaveLength(2);

    const empty = await fetch(`${s.url}/_bulk`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: '\n' });
    expect(await empty.json()).toMatchObject({ status: 400, error: { type: 'action_request_validation_exception' } });
    const malformed = await fetch(`${s.url}/_bulk`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: '{"frobnicate":{}}\n{}\n' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ status: 400, error: { type: 'illegal_argument_exception', root_cause: [expect.objectContaining({ type: 'illegal_argument_exception' })] } });
  });
});
