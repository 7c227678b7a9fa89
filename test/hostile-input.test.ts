import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from './helpers.js';

type Server = Awaited<ReturnType<typeof testServer>>;

describe('hostile input', () => {
  let s: Server;
  beforeAll(async () => {
    s = await testServer();
  });
  afterAll(async () => {
    await s.dispose();
  });
  const post = (payload: string | Buffer, contentType: string, service = 'hostile') =>
    s.app.inject({ method: 'POST', url: `/api/v1/logs?service=${service}`, payload, headers: { 'content-type': contentType } });

  it('binary garbage, a 1 MB line and deep JSON are rejected or stored, and never stall a normal sender', async () => {
    const garbage = randomBytes(256 * 1024);
    const megaLine = 'x'.repeat(1024 * 1024);
    let deep = '"bottom"';
    for (let i = 0; i < 5000; i++) deep = `{"a":${deep}}`;
    const started = performance.now();
    const [bin, mega, nested, normal] = await Promise.all([
      post(garbage, 'text/plain'),
      post(`before\n${megaLine}\nafter\n`, 'text/plain'),
      post(`{"msg":"deep","payload":${deep}}\n{"msg":"fine"}\n`, 'application/x-ndjson'),
      post('a normal line\nanother normal line\n', 'text/plain', 'normal'),
    ]);
    expect(performance.now() - started).toBeLessThan(10_000);
    for (const r of [bin, mega, nested, normal]) expect(r.statusCode).toBe(200);
    expect(normal.json()).toMatchObject({ accepted: 2, rejected: 0 });
    expect(mega.json()).toMatchObject({ accepted: 2, rejected: 1 });
    expect((mega.json() as { errors: { reason: string }[] }).errors[0].reason).toBe('too_large');
    const binary = bin.json() as { accepted: number; rejected: number; errors: { reason: string }[] };
    expect(binary.accepted + binary.rejected).toBeGreaterThan(0);
    expect(binary.errors.every((e) => ['invalid_encoding', 'too_large'].includes(e.reason))).toBe(true);
    expect(nested.json()).toMatchObject({ accepted: 2 });

    // The server still answers and has everything it acknowledged.
    const found = (await s.app.inject({ method: 'GET', url: '/api/v1/logs?service=normal' })).json() as { events: unknown[] };
    expect(found.events).toHaveLength(2);
    const dl = (await s.app.inject({ method: 'GET', url: '/api/v1/dead-letters?limit=1000' })).json() as { deadLetters: { raw: string }[] };
    expect(dl.deadLetters.every((d) => d.raw.length <= 4096)).toBe(true);
  });
});
