import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from './helpers.js';

type Server = Awaited<ReturnType<typeof testServer>>;

interface TailMessage {
  type: string;
  events?: { message: string; service: string; level: string; id: string }[];
  count?: number;
  message?: string;
}

/** Opens a tail socket with a collector attached before the first message can arrive. */
async function openTail(s: Server, path: string) {
  const messages: TailMessage[] = [];
  const waiters: (() => void)[] = [];
  const ws = await s.app.injectWS(path, {}, {
    onInit: (socket) =>
      socket.on('message', (d) => {
        messages.push(JSON.parse(String(d)) as TailMessage);
        for (const w of waiters.splice(0)) w();
      }),
  });
  const lines = () => messages.flatMap((m) => m.events ?? []).map((e) => e.message);
  const until = async (ok: () => boolean, ms = 5000) => {
    const deadline = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(messages).slice(0, 500)}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  };
  return { ws, messages, lines, until };
}

describe('live tail', () => {
  let s: Server;
  beforeAll(async () => {
    s = await testServer();
  });
  afterAll(async () => {
    await s.dispose();
  });
  const send = (body: string, service: string) =>
    s.app.inject({ method: 'POST', url: `/api/v1/logs?service=${service}`, payload: body, headers: { 'content-type': 'text/plain' } });

  it('streams new lines that match the filter', async () => {
    const c = await openTail(s, '/api/v1/tail?service=web&q=error');
    const ws = c.ws;
    await c.until(() => c.messages.some((m) => m.type === 'hello'));
    await send('error one on web\ninfo line on web\n', 'web');
    await send('error on api\n', 'api');
    await send('ERROR two on web\n', 'web');
    await c.until(() => c.lines().length >= 2);
    expect(c.lines()).toEqual(['error one on web', 'ERROR two on web']);
    const ev = c.messages.find((m) => m.events !== undefined)?.events?.[0];
    expect(ev?.id).toMatch(/^\d{10}:-?\d+$/);
    ws.terminate();
  });

  it('pauses without losing lines, and changes its filter in place', async () => {
    const c = await openTail(s, '/api/v1/tail?service=pz');
    const ws = c.ws;
    await c.until(() => c.messages.some((m) => m.type === 'hello'));
    ws.send(JSON.stringify({ type: 'pause' }));
    await new Promise((r) => setTimeout(r, 50));
    const body = Array.from({ length: 500 }, (_, i) => `paused line ${i}`).join('\n');
    await send(body, 'pz');
    await new Promise((r) => setTimeout(r, 300));
    expect(c.lines()).toHaveLength(0);
    ws.send(JSON.stringify({ type: 'resume' }));
    await c.until(() => c.lines().length >= 500);
    expect(c.lines()[0]).toBe('paused line 0');
    expect(c.lines()[499]).toBe('paused line 499');

    ws.send(JSON.stringify({ type: 'filter', service: 'other' }));
    await c.until(() => c.messages.some((m) => m.type === 'filter'));
    await send('not for me\n', 'pz');
    await send('for me now\n', 'other');
    await c.until(() => c.lines().includes('for me now'));
    expect(c.lines()).not.toContain('not for me');
    ws.terminate();
  });

  it('refuses a bad filter with a message', async () => {
    const c = await openTail(s, '/api/v1/tail?level=loud');
    await c.until(() => c.messages.some((m) => m.type === 'error'));
    expect(c.messages[0].message).toMatch(/unknown level/);
  });
});
