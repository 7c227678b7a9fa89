import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleServer } from '../src/cli/server.js';
import { tempDir, testConfig, testServer } from './helpers.js';

type Server = Awaited<ReturnType<typeof testServer>>;

describe('templates over the API', () => {
  let s: Server;
  beforeAll(async () => {
    s = await testServer();
  });
  afterAll(async () => {
    await s.dispose();
  });
  const post = (lines: string[], service: string) =>
    s.app.inject({ method: 'POST', url: `/api/v1/logs?service=${service}`, payload: lines.join('\n'), headers: { 'content-type': 'text/plain' } });
  const get = async <T>(url: string) => (await s.app.inject({ method: 'GET', url })).json() as T;

  it('a pinned template wins over mining for the lines it matches', async () => {
    const pin = await s.app.inject({ method: 'POST', url: '/api/v1/templates/pins', payload: { text: 'Connected to <*> in <*> ms' } });
    expect(pin.statusCode).toBe(201);
    const { id } = pin.json() as { id: string };
    await post(['Connected to db-1 in 35 ms', 'Connected to cache in 2 ms', 'Connected to queue-7 in 120 ms'], 'pinned');
    const events = (await get<{ events: { templateId: string }[] }>('/api/v1/logs?service=pinned')).events;
    expect(events.map((e) => e.templateId)).toEqual([id, id, id]);
    expect((await get<{ pins: { id: string }[] }>('/api/v1/templates/pins')).pins.map((p) => p.id)).toContain(id);
    expect((await s.app.inject({ method: 'DELETE', url: `/api/v1/templates/pins/${id}` })).statusCode).toBe(204);
    expect((await s.app.inject({ method: 'DELETE', url: `/api/v1/templates/pins/${id}` })).statusCode).toBe(404);
    expect((await s.app.inject({ method: 'POST', url: '/api/v1/templates/pins', payload: { text: '' } })).statusCode).toBe(400);
  });

  it('old and new template ids find the same lines after a template generalises', async () => {
    // The same word first looks constant, then varies: the template generalises.
    await post(['Worker alpha finished job 1', 'Worker alpha finished job 2', 'Worker alpha finished job 3'], 'gen');
    const before = (await get<{ events: { templateId: string }[] }>('/api/v1/logs?service=gen')).events;
    const oldId = before[0].templateId;
    await post(Array.from({ length: 20 }, (_, i) => `Worker w${i} finished job ${10 + i}`), 'gen');
    const all = (await get<{ events: { templateId: string; message: string }[] }>('/api/v1/logs?service=gen&limit=1000')).events;
    expect(all).toHaveLength(23);
    const ids = new Set(all.map((e) => e.templateId));
    const newId = all[0].templateId;
    if (ids.size > 1) expect(newId).not.toBe(oldId);
    for (const id of ids) {
      const found = (await get<{ events: unknown[] }>(`/api/v1/logs?service=gen&template=${id}&limit=1000`)).events;
      expect(found).toHaveLength(23);
    }
    const detail = await get<{ text: string; related: string[] }>(`/api/v1/templates/${newId}`);
    expect(detail.text).toBe('Worker <*> finished job <*>');
    if (ids.size > 1) expect(detail.related).toContain(oldId);
  });

  it('mines JSON records on their message and keys, not as token soup', async () => {
    const body = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({ msg: 'request done', method: i % 2 ? 'GET' : 'POST', path: `/api/items/${i}`, status: 200 + (i % 3), dur_ms: i * 3, user: `u${i}` }),
    ).join('\n');
    await s.app.inject({ method: 'POST', url: '/api/v1/logs?service=jsonsvc', payload: body, headers: { 'content-type': 'application/x-ndjson' } });
    const templates = (await get<{ templates: { text: string; count: number }[] }>('/api/v1/templates?service=jsonsvc')).templates;
    expect(templates).toHaveLength(1);
    expect(templates[0]).toMatchObject({ text: 'request done', count: 30 });
  });
});

describe('template ids across a restart', () => {
  it('keeps the same id for the same template text', async () => {
    const dir = tempDir();
    try {
      const open = async () => {
        const srv = await assembleServer(testConfig(dir.path), { writer: 'inline', logger: false });
        await srv.begin();
        return srv;
      };
      const line = (i: number) => `Cache refresh of region eu-${i} took ${i * 11} ms`;
      let srv = await open();
      await srv.app.inject({ method: 'POST', url: '/api/v1/logs?service=c', payload: [1, 2, 3, 4].map(line).join('\n'), headers: { 'content-type': 'text/plain' } });
      const first = ((await srv.app.inject({ method: 'GET', url: '/api/v1/logs?service=c' })).json() as { events: { templateId: string }[] }).events[0].templateId;
      await srv.close();
      srv = await open();
      await srv.app.inject({ method: 'POST', url: '/api/v1/logs?service=c', payload: line(9), headers: { 'content-type': 'text/plain' } });
      const events = ((await srv.app.inject({ method: 'GET', url: '/api/v1/logs?service=c' })).json() as { events: { templateId: string; message: string }[] }).events;
      expect(events[0].message).toBe(line(9));
      expect(events[0].templateId).toBe(first);
      const listed = (await srv.app.inject({ method: 'GET', url: '/api/v1/templates?service=c' })).json() as { templates: { id: string; count: number }[] };
      expect(listed.templates).toEqual([expect.objectContaining({ id: first, count: 5 })]);
      await srv.close();
    } finally {
      dir.remove();
    }
  });
});
